import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import { placeholdersOf } from '@/server/templates/render';

/** The automatic message may use only what is known when it goes out. */
const AUTO_MESSAGE_PLACEHOLDERS = ['contact.first_name', 'contact.name', 'agent.name'];

export const AutoMessageInput = z.object({
  autoMessage: z.string().trim().max(1000, 'at most 1000 characters').nullable(),
});

export async function getProfile(db: Db, user: SessionUser) {
  const [row] = await db.select({ autoMessage: users.autoMessage, name: users.name, timeZone: users.timeZone }).from(users).where(eq(users.id, user.id));
  return row!;
}

export async function setAutoMessage(db: Db, user: SessionUser, autoMessage: string | null) {
  const text = autoMessage && autoMessage.length > 0 ? autoMessage : null;
  const unknown = text ? placeholdersOf(text).filter((p) => !AUTO_MESSAGE_PLACEHOLDERS.includes(p)) : [];
  if (unknown.length > 0) {
    throw new AppError('INVALID_INPUT', `autoMessage: unknown placeholder ${unknown.map((p) => `{{${p}}}`).join(', ')}; use ${AUTO_MESSAGE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`);
  }
  await db.update(users).set({ autoMessage: text }).where(eq(users.id, user.id));
}
