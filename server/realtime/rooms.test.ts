import { describe, expect, it } from 'vitest';
import type { Reader } from '@/server/access/conversations';
import { audienceRooms, roomsForUser } from './rooms';

const ws = 'w1';
const agent: Reader = { id: 'u1', workspaceId: ws, role: 'agent' };
const other: Reader = { id: 'u2', workspaceId: ws, role: 'agent' };
const lead: Reader = { id: 'u3', workspaceId: ws, role: 'supervisor' };
const reaches = (user: Reader, teams: string[], audience: string[]) =>
  roomsForUser(user, teams).some((r) => audience.includes(r));

describe('realtime audience', () => {
  it('a conversation with no team reaches every agent and the leads', () => {
    const audience = audienceRooms({ workspaceId: ws, teamId: null, teamVisibility: null, assigneeId: null });
    expect(reaches(agent, [], audience)).toBe(true);
    expect(reaches(lead, [], audience)).toBe(true);
  });

  it("an assigned-visibility team's conversation reaches only its assignee among agents", () => {
    const audience = audienceRooms({ workspaceId: ws, teamId: 't1', teamVisibility: 'assigned', assigneeId: 'u1' });
    expect(reaches(agent, [], audience)).toBe(true);
    expect(reaches(other, [], audience)).toBe(false);
    expect(reaches(lead, [], audience)).toBe(true);
  });

  it("a shared team's conversation reaches the team's members, not other agents", () => {
    const audience = audienceRooms({ workspaceId: ws, teamId: 't1', teamVisibility: 'shared', assigneeId: null });
    expect(reaches(agent, ['t1'], audience)).toBe(true);
    expect(reaches(other, ['t2'], audience)).toBe(false);
  });

  it('never reaches another workspace', () => {
    const audience = audienceRooms({ workspaceId: 'w2', teamId: null, teamVisibility: null, assigneeId: null });
    expect(reaches(agent, [], audience)).toBe(false);
    expect(reaches(lead, [], audience)).toBe(false);
  });
});
