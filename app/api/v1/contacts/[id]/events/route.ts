import { z } from 'zod';
import { ContactEventBody } from '@/server/contacts/schemas';
import { recordContactEvent } from '@/server/contacts/service';
import { jsonBody, parseOrThrow, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

export const POST = restRoute<{ id: string }>(async (request, { db, clock, user, fx }, params) => {
  const contactId = parseOrThrow(z.uuid({ message: 'id: not a contact id' }), params.id);
  const event = parseOrThrow(ContactEventBody, await jsonBody(request));
  return Response.json(await recordContactEvent(db, user, contactId, event, clock.now(), fx), { status: 201 });
});
