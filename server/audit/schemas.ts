import { z } from 'zod';
import { Instant } from '@/server/clock';
import { PageInput, PageQuery } from '@/server/pagination/page';
import { InstantInput } from '@/server/validation';

/*
 * The audit log as Settings → Audit log and `GET /api/v1/audit` read it: newest first, by keyset,
 * filtered by action, actor, target type and a span of time.
 */

const filters = {
  action: z.string().trim().max(64, 'at most 64 characters').optional().describe('exact action, e.g. team.created'),
  actorId: z.uuid({ message: 'a user id of this workspace' }).optional(),
  targetType: z.string().trim().max(32, 'at most 32 characters').optional().describe('user, team, channel, workspace, api_token, breach…'),
  from: InstantInput.optional().describe('entries at or after this moment'),
  to: InstantInput.optional().describe('entries before this moment'),
};

const spanInOrder = (v: { from?: string; to?: string }) => !v.from || !v.to || new Date(v.from) < new Date(v.to);
const spanMessage = { message: 'must be later than from', path: ['to'] };

export const ListAuditInput = z.object({ ...filters, ...PageInput.shape }).refine(spanInOrder, spanMessage);
export const ListAuditQuery = z.object({ ...filters, ...PageQuery.shape }).refine(spanInOrder, spanMessage);
export type AuditFilters = Pick<z.infer<typeof ListAuditInput>, keyof typeof filters>;

export const ApiAuditEntry = z.object({
  id: z.uuid(),
  at: Instant,
  actor: z.object({ id: z.uuid(), name: z.string() }).nullable().describe('null: the system, or an unknown person (a failed login)'),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  address: z.string().nullable(),
});
export type ApiAuditEntry = z.infer<typeof ApiAuditEntry>;
