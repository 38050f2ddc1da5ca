import { and, eq, exists, getTableColumns, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { conversations, teamMembers, teams } from '@/db/schema';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import { isLead, isManager } from './roles';
import { ledTeamIds } from './teams';

/** Who is asking: a session's user, or a user row (a person mentioned in a note). */
export type Reader = Pick<SessionUser, 'id' | 'workspaceId' | 'role'>;

/**
 * Which conversations a user may read (SPEC §1, §15): the workspace always; managers and admins
 * all of it; agents conversations with no team, of a `shared` team they belong to, or assigned
 * to them; supervisors what an agent may, and every conversation of the teams they lead.
 * The one rule: lists filter by it, loaders, mentions and socket joins ask it of one id.
 */
export function visibleTo(db: Db, user: Reader): SQL {
  const inWorkspace = eq(conversations.workspaceId, user.workspaceId);
  if (isManager(user.role)) return inWorkspace;
  const inSharedTeam = exists(
    db
      .select({ one: teamMembers.userId })
      .from(teamMembers)
      .innerJoin(teams, eq(teams.id, teamMembers.teamId))
      .where(
        and(
          eq(teamMembers.teamId, conversations.teamId),
          eq(teamMembers.userId, user.id),
          eq(teams.visibility, 'shared'),
        ),
      ),
  );
  const reach = [isNull(conversations.teamId), eq(conversations.assigneeId, user.id), inSharedTeam];
  if (isLead(user.role)) reach.push(inArray(conversations.teamId, ledTeamIds(db, user)));
  return and(inWorkspace, or(...reach))!;
}

/** Which of these conversations the user may read: one query, for presence and mentions. */
export async function readableIds(db: Db, user: Reader, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(visibleTo(db, user), inArray(conversations.id, ids)));
  return new Set(rows.map((r) => r.id));
}

export async function mayReadConversation(db: Db, user: Reader, conversationId: string): Promise<boolean> {
  return (await readableIds(db, user, [conversationId])).has(conversationId);
}

declare const readable: unique symbol;

/**
 * A conversation row that `loadReadableConversation` let this request read. A service that
 * takes one needs no check of its own: the type says who loaded it (every column but the
 * search vector).
 */
export type ReadableConversation = Omit<typeof conversations.$inferSelect, 'searchVector'> & { readonly [readable]: true };

const { searchVector, ...rowColumns } = getTableColumns(conversations);

/** The conversation if the user may read it, else NOT_FOUND (never FORBIDDEN: ids of others do not leak). */
export async function loadReadableConversation(db: Db, user: Reader, conversationId: string): Promise<ReadableConversation> {
  const [row] = await db
    .select(rowColumns)
    .from(conversations)
    .where(and(visibleTo(db, user), eq(conversations.id, conversationId)))
    .limit(1);
  if (!row) throw conversationNotFound();
  return row as ReadableConversation;
}

export const conversationNotFound = () => new AppError('NOT_FOUND', 'conversation: no such conversation in this workspace');

/** The rooms a user's sockets join for their teams: the shared teams they belong to, and the teams they lead. */
export async function teamRoomsOf(db: Db, user: Reader): Promise<{ shared: string[]; led: string[] }> {
  const shared = await db
    .select({ id: teams.id })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teamMembers.userId, user.id), eq(teams.visibility, 'shared')));
  const led = isLead(user.role) && !isManager(user.role) ? await ledTeamIds(db, user) : [];
  return { shared: shared.map((r) => r.id), led: led.map((r) => r.id) };
}
