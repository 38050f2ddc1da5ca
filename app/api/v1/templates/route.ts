import { restRoute } from '@/server/rest/route';
import { toApiTemplate } from '@/server/templates/api-view';
import { listTemplates } from '@/server/templates/service';

export const dynamic = 'force-dynamic';

/** The workspace's shared templates and the token user's own, as the composer offers them. */
export const GET = restRoute(async (_request, { db, user }) => Response.json({ data: (await listTemplates(db, user)).map(toApiTemplate) }));
