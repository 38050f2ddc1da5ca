import type { Reader } from '@/server/access/conversations';
import { isLead, isManager } from '@/server/access/roles';

/*
 * Rooms a socket joins at connection, from its user's role and teams, so a broadcast reaches
 * exactly the people who may read the conversation (SPEC §1, §15 visibility):
 * - managers and admins see the whole workspace;
 * - agents see conversations with no team, those of their shared teams, and those assigned to them;
 * - supervisors see what an agent sees, and every conversation of the teams they lead.
 */
export const rooms = {
  /** Every socket of the workspace: presence. */
  workspace: (workspaceId: string) => `workspace:${workspaceId}`,
  /** Supervisors, managers and admins: told that the team view's numbers moved (no conversation data). */
  leads: (workspaceId: string) => `workspace:${workspaceId}:leads`,
  /** Managers and admins: every conversation of the workspace. */
  managers: (workspaceId: string) => `workspace:${workspaceId}:managers`,
  agents: (workspaceId: string) => `workspace:${workspaceId}:agents`,
  team: (teamId: string) => `team:${teamId}`,
  /** The supervisors of a team: every conversation of it, whatever its visibility. */
  teamLeads: (teamId: string) => `team:${teamId}:leads`,
  user: (userId: string) => `user:${userId}`,
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  /** One signed-in session's sockets: closed together when it signs out. */
  session: (sessionId: string) => `session:${sessionId}`,
};

/** Rooms a socket is in because of who its user is (role, teams): re-evaluated when that changes. */
export const isAccessRoom = (room: string): boolean => /^(workspace|team|user):/.test(room);

const CONVERSATION_ROOM = /^conversation:(.+)$/;

/** The conversation a room is about, if it is a conversation's room. */
export const conversationOfRoom = (room: string): string | null => CONVERSATION_ROOM.exec(room)?.[1] ?? null;

export type Audience = {
  workspaceId: string;
  teamId: string | null;
  teamVisibility: 'shared' | 'assigned' | null;
  assigneeId: string | null;
};

/** The rooms whose members may read a conversation. */
export function audienceRooms(a: Audience): string[] {
  const out = [rooms.managers(a.workspaceId)];
  if (a.teamId === null) out.push(rooms.agents(a.workspaceId));
  else {
    out.push(rooms.teamLeads(a.teamId));
    if (a.teamVisibility === 'shared') out.push(rooms.team(a.teamId));
  }
  if (a.assigneeId) out.push(rooms.user(a.assigneeId));
  return out;
}

/** A user's teams as their rooms need them: the shared teams they belong to, and the teams they lead. */
export type TeamRooms = { shared: string[]; led: string[] };

export function roomsForUser(user: Reader, teams: TeamRooms): string[] {
  const own = [rooms.workspace(user.workspaceId), rooms.user(user.id)];
  if (isManager(user.role)) return [rooms.managers(user.workspaceId), rooms.leads(user.workspaceId), ...own];
  const asAgent = [rooms.agents(user.workspaceId), ...own, ...teams.shared.map(rooms.team)];
  if (!isLead(user.role)) return asAgent;
  return [rooms.leads(user.workspaceId), ...asAgent, ...teams.led.map(rooms.teamLeads)];
}

/**
 * How to move a socket from the rooms it is in to those its user may be in now: the access rooms
 * `wanted` (all of them), and of the conversations it has open, those still `readable`. Rooms of
 * other kinds (its own id, its session) stay as they are.
 */
export function roomChanges(current: Iterable<string>, wanted: string[], readable: Set<string>): { join: string[]; leave: string[] } {
  const have = new Set(current);
  const leave = [...have].filter((room) => {
    const conversationId = conversationOfRoom(room);
    return conversationId ? !readable.has(conversationId) : isAccessRoom(room) && !wanted.includes(room);
  });
  return { join: wanted.filter((room) => !have.has(room)), leave };
}

/** The conversations among these rooms. */
export const conversationsIn = (roomNames: Iterable<string>): string[] => [...roomNames].flatMap((room) => conversationOfRoom(room) ?? []);
