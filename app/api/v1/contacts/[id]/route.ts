import { z } from 'zod';
import { PatchContactBody } from '@/server/contacts/schemas';
import { getContact, updateContact } from '@/server/contacts/profile';
import { jsonBody, parseOrThrow, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

const ContactId = z.uuid({ message: 'id: not a contact id' });

export const GET = restRoute<{ id: string }>(async (_request, { db, user }, params) => {
  return Response.json(await getContact(db, user, parseOrThrow(ContactId, params.id)));
});

export const PATCH = restRoute<{ id: string }>(async (request, { db, user, fx }, params) => {
  const id = parseOrThrow(ContactId, params.id);
  return Response.json(await updateContact(db, user, id, parseOrThrow(PatchContactBody, await jsonBody(request)), fx));
});
