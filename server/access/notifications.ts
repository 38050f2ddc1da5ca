import { eq, type SQL } from 'drizzle-orm';
import { notifications } from '@/db/schema';
import type { Reader } from './conversations';

/** A notification is its user's alone: not their lead's, not an admin's. */
export const notificationsOf = (user: Pick<Reader, 'id'>): SQL => eq(notifications.userId, user.id);
