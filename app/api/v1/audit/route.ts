import { listAudit } from '@/server/audit/list';
import { ListAuditQuery } from '@/server/audit/schemas';
import { parseOrThrow, queryOf, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

export const GET = restRoute(async (_request, { db, user, url }) => Response.json(await listAudit(db, user, parseOrThrow(ListAuditQuery, queryOf(url)))));
