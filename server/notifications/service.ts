import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import { contacts, conversations, notifications, teamMembers, users } from '@/db/schema';
import { notificationsOf } from '@/server/access/notifications';
import type { SessionUser } from '@/server/auth/session';
import type { Effects } from '@/server/effects/unit-of-work';
import { decodeCursor, keysetPage } from '@/server/pagination/cursor';
import type { ListNotificationsInput, MarkReadInput } from './schemas';
import type { NotificationView } from './view';

export type NewNotification = typeof notifications.$inferInsert;
export type StoredNotification = typeof notifications.$inferSelect;

/**
 * Stores notifications in the caller's transaction. A row whose dedupe key the user already has
 * is skipped, so a retried job notifies once. Nobody is notified of what they did themselves.
 */
export async function notify(db: Db, fx: Effects, rows: NewNotification[]): Promise<StoredNotification[]> {
  const wanted = rows.filter((r) => r.userId !== r.actorId);
  if (wanted.length === 0) return [];
  const stored = await db.insert(notifications).values(wanted).onConflictDoNothing().returning();
  fx.add(...stored.map((n) => ({ kind: 'notification.created' as const, notificationId: n.id, userId: n.userId })));
  return stored;
}

const actors = alias(users, 'actors');

function selectViews(db: Db) {
  return db
    .select({ n: notifications, contactName: contacts.name, actorName: actors.name })
    .from(notifications)
    .leftJoin(conversations, eq(conversations.id, notifications.conversationId))
    .leftJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(actors, eq(actors.id, notifications.actorId));
}

function toView(r: { n: StoredNotification; contactName: string | null; actorName: string | null }): NotificationView {
  return {
    id: r.n.id,
    kind: r.n.kind,
    conversationId: r.n.conversationId,
    contactName: r.contactName,
    actorName: r.actorName,
    data: r.n.data,
    createdAt: r.n.createdAt.toISOString(),
    readAt: r.n.readAt?.toISOString() ?? null,
  };
}

export async function notificationViews(db: Db, ids: string[]): Promise<NotificationView[]> {
  if (ids.length === 0) return [];
  return (await selectViews(db).where(inArray(notifications.id, ids))).map(toView);
}

/** The user's notifications, newest first, by keyset. */
export async function listNotifications(db: Db, user: SessionUser, input: ListNotificationsInput) {
  const before = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await selectViews(db)
    .where(
      and(
        notificationsOf(user),
        before ? sql`(${notifications.createdAt}, ${notifications.id}) < (${before.at.toISOString()}::timestamptz, ${before.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(input.limit + 1);
  return keysetPage(rows, input.limit, (r) => ({ at: r.n.createdAt, id: r.n.id }), toView);
}

export async function unreadNotificationCount(db: Db, user: SessionUser): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(notificationsOf(user), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks the user's own notifications read (the listed ones, or all); returns the ids it changed. */
export async function markNotificationsRead(db: Db, user: SessionUser, input: MarkReadInput, now: Date, fx: Effects): Promise<string[]> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(notificationsOf(user), isNull(notifications.readAt), input.ids ? inArray(notifications.id, input.ids) : undefined))
    .returning({ id: notifications.id });
  const ids = rows.map((r) => r.id);
  // The user's other tabs clear the same rows.
  if (ids.length > 0) fx.add({ kind: 'notifications.read', userId: user.id, ids });
  return ids;
}

/** A team's members. */
export async function teamMemberIds(db: Db, teamId: string): Promise<string[]> {
  const rows = await db.select({ id: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, teamId));
  return rows.map((r) => r.id);
}

