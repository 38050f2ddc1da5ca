import { z } from 'zod';
import { TEAM_VISIBILITIES } from '@/db/schema/values';
import { Instant } from '@/server/clock';

/*
 * A team as tRPC, REST v1 and the OpenAPI document read and write it (SPEC §1, §15): one set of
 * schemas for every edge.
 */

const TeamName = z.string().trim().min(1, 'name the team').max(80, 'at most 80 characters');
const People = (what: string) => z.array(z.uuid({ message: `a user id of this workspace (${what})` })).max(500, 'at most 500 people');

export const CreateTeamBody = z.object({
  name: TeamName,
  visibility: z.enum(TEAM_VISIBILITIES).default('shared').describe('shared: every member sees every team conversation; assigned: an agent sees only those assigned to them'),
  roundRobin: z.boolean().default(false).describe('assign new conversations routed to the team in turn among its online members'),
  memberIds: People('member').default([]),
  supervisorIds: People('supervisor').default([]).describe('supervisors who lead the team: they see and act on its conversations and agents'),
});
export type CreateTeamBody = z.infer<typeof CreateTeamBody>;

/** A change to a team: only the fields sent change; members and supervisors are replaced whole. */
export const UpdateTeamBody = z
  .object({
    name: TeamName,
    visibility: z.enum(TEAM_VISIBILITIES),
    roundRobin: z.boolean(),
    memberIds: People('member'),
    supervisorIds: People('supervisor'),
  })
  .partial()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'change at least one of name, visibility, roundRobin, memberIds, supervisorIds' });
export type UpdateTeamBody = z.infer<typeof UpdateTeamBody>;

export const TeamIdInput = z.object({ teamId: z.uuid() });

export const ApiTeam = z.object({
  id: z.uuid(),
  name: z.string(),
  visibility: z.enum(TEAM_VISIBILITIES),
  roundRobin: z.boolean(),
  memberIds: z.array(z.uuid()),
  supervisorIds: z.array(z.uuid()),
  createdAt: Instant,
});
export type ApiTeam = z.infer<typeof ApiTeam>;

export const ChannelDefaultTeamInput = z.object({
  channelId: z.uuid(),
  teamId: z.uuid({ message: 'a team of this workspace, or null for none' }).nullable(),
});
