import { and, eq, gt, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { sessions, users } from '@/db/schema';
import type { Effects } from '@/server/effects/unit-of-work';
import { toSessionUser, type SessionUser } from './session';

/*
 * Sessions live on the server: the cookie names a row, and every request (page, tRPC call,
 * socket) reads it with its user, so a sign-out ends the session everywhere at once and a
 * changed role counts from the next request. REST tokens are checked the same way, per request
 * (./api-token.ts).
 */

export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;
/** A session in use is extended at most this often: one write an hour, not one per request. */
const EXTEND_EVERY_MS = 60 * 60 * 1000;
/** "Last seen" is kept to the minute: one write a minute per active person, not one per request. */
const SEEN_EVERY_MS = 60 * 1000;

// A malformed id (an old or forged cookie) is no session, not a database error.
const isSessionId = (id: string | undefined): id is string => z.uuid().safeParse(id).success;

/** A new session for a user who just proved who they are; their ended sessions are purged meanwhile. */
export async function startSession(db: Db, userId: string, now: Date): Promise<string> {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), or(lt(sessions.expiresAt, now), isNotNull(sessions.revokedAt))));
  const [row] = await db
    .insert(sessions)
    .values({ userId, expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_MS) })
    .returning({ id: sessions.id });
  return row!.id;
}

/**
 * The user of a live session, as their row now is (role, workspace, name); null for a session
 * signed out, expired or never started, and for a deactivated user. One query per request.
 */
export async function sessionUser(db: Db, sessionId: string | undefined, now: Date): Promise<SessionUser | null> {
  if (!isSessionId(sessionId)) return null;
  const [row] = await db
    .select({ user: users, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), isNull(users.deactivatedAt)))
    .limit(1);
  if (!row) return null;
  if (row.expiresAt.getTime() - now.getTime() < SESSION_MAX_AGE_MS - EXTEND_EVERY_MS) {
    await db.update(sessions).set({ expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_MS) }).where(eq(sessions.id, sessionId));
  }
  if (!row.user.lastSeenAt || now.getTime() - row.user.lastSeenAt.getTime() >= SEEN_EVERY_MS) {
    await db.update(users).set({ lastSeenAt: now }).where(eq(users.id, row.user.id));
  }
  return toSessionUser(row.user);
}

/** Ends every live session of a user (deactivated, or their password was reset); their open sockets are closed once this is told. */
export async function endSessionsOf(db: Db, userId: string, now: Date, fx: Effects): Promise<void> {
  const ended = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  fx.add(...ended.map((s) => ({ kind: 'session.ended' as const, sessionId: s.id })));
}

/** Signs a session out on the server; its open sockets are closed once this is told. */
export async function endSession(db: Db, sessionId: string | undefined, now: Date, fx: Effects): Promise<void> {
  if (!isSessionId(sessionId)) return;
  await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
  fx.add({ kind: 'session.ended', sessionId });
}
