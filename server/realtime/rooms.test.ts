import { describe, expect, it } from 'vitest';
import type { Reader } from '@/server/access/conversations';
import { audienceRooms, roomsForUser, type TeamRooms } from './rooms';

const ws = 'w1';
const agent: Reader = { id: 'u1', workspaceId: ws, role: 'agent' };
const other: Reader = { id: 'u2', workspaceId: ws, role: 'agent' };
const lead: Reader = { id: 'u3', workspaceId: ws, role: 'supervisor' };
const manager: Reader = { id: 'u4', workspaceId: ws, role: 'manager' };
const none: TeamRooms = { shared: [], led: [] };
const reaches = (user: Reader, teams: TeamRooms, audience: string[]) =>
  roomsForUser(user, teams).some((r) => audience.includes(r));

describe('realtime audience', () => {
  it('a conversation with no team reaches every agent, supervisor and manager', () => {
    const audience = audienceRooms({ workspaceId: ws, teamId: null, teamVisibility: null, assigneeId: null });
    expect(reaches(agent, none, audience)).toBe(true);
    expect(reaches(lead, none, audience)).toBe(true);
    expect(reaches(manager, none, audience)).toBe(true);
  });

  it("an assigned-visibility team's conversation reaches only its assignee among agents, and the team's supervisors", () => {
    const audience = audienceRooms({ workspaceId: ws, teamId: 't1', teamVisibility: 'assigned', assigneeId: 'u1' });
    expect(reaches(agent, none, audience)).toBe(true);
    expect(reaches(other, none, audience)).toBe(false);
    expect(reaches(lead, { shared: [], led: ['t1'] }, audience)).toBe(true);
    expect(reaches(manager, none, audience)).toBe(true);
  });

  it("a team's conversation does not reach the supervisor of another team", () => {
    const assigned = audienceRooms({ workspaceId: ws, teamId: 't1', teamVisibility: 'assigned', assigneeId: 'u1' });
    const shared = audienceRooms({ workspaceId: ws, teamId: 't1', teamVisibility: 'shared', assigneeId: null });
    expect(reaches(lead, { shared: [], led: ['t2'] }, assigned)).toBe(false);
    expect(reaches(lead, { shared: [], led: ['t2'] }, shared)).toBe(false);
  });

  it("a shared team's conversation reaches the team's members, not other agents", () => {
    const audience = audienceRooms({ workspaceId: ws, teamId: 't1', teamVisibility: 'shared', assigneeId: null });
    expect(reaches(agent, { shared: ['t1'], led: [] }, audience)).toBe(true);
    expect(reaches(other, { shared: ['t2'], led: [] }, audience)).toBe(false);
  });

  it('never reaches another workspace', () => {
    const audience = audienceRooms({ workspaceId: 'w2', teamId: null, teamVisibility: null, assigneeId: null });
    expect(reaches(agent, none, audience)).toBe(false);
    expect(reaches(lead, none, audience)).toBe(false);
    expect(reaches(manager, none, audience)).toBe(false);
  });
});
