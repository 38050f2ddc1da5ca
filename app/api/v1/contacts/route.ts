import { ListContactsQuery } from '@/server/contacts/schemas';
import { listContacts } from '@/server/contacts/profile';
import { parseOrThrow, queryOf, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

export const GET = restRoute(async (_request, { db, user, url }) => {
  return Response.json(await listContacts(db, user, parseOrThrow(ListContactsQuery, queryOf(url))));
});
