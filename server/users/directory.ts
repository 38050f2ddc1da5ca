import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { teams, users } from '@/db/schema';
import type { SessionUser } from '@/server/auth/session';

/** People and teams of the workspace, for assignee and team choices; a deactivated person is kept (as such) so the conversations still theirs name them. */
export async function directory(db: Db, user: SessionUser) {
  return {
    users: (await db.select({ id: users.id, name: users.name, role: users.role, deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.workspaceId, user.workspaceId)).orderBy(users.name)).map(
      ({ deactivatedAt, ...u }) => ({ ...u, deactivated: deactivatedAt !== null }),
    ),
    teams: await db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.workspaceId, user.workspaceId)).orderBy(teams.name),
  };
}
