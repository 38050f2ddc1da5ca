import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import type { SessionUser } from '@/server/auth/session';
import type { Effects } from '@/server/effects/unit-of-work';
import type { Availability } from './availability';

/** A person says whether they are available (not audited: it is theirs, not an administrative act). */
export async function setAvailability(db: Db, user: SessionUser, availability: Availability, fx: Effects): Promise<{ availability: Availability }> {
  await db.update(users).set({ availability }).where(eq(users.id, user.id));
  // The team view shows it.
  fx.add({ kind: 'team.changed', workspaceId: user.workspaceId });
  return { availability };
}

export async function ownAvailability(db: Db, user: SessionUser): Promise<Availability> {
  const [row] = await db.select({ availability: users.availability }).from(users).where(eq(users.id, user.id));
  return row?.availability ?? 'offline';
}
