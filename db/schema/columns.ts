import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** Primary key every table shares: a random UUID made by the database. */
export const id = () => uuid('id').primaryKey().defaultRandom();

/** Moments are stored with their zone (UTC) and handed to code as Date. */
export const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const timestamps = {
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at')
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

