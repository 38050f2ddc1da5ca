import { z } from 'zod';
import { syncChannelTemplates } from '@/server/channels/settings/service';
import { parseOrThrow, restRoute } from '@/server/rest/route';

export const dynamic = 'force-dynamic';

const Params = z.object({ id: z.uuid({ message: 'not a channel id' }) });

/** "Sincronizar plantillas" for integrators: the WhatsApp channel's templates read from Meta now. */
export const POST = restRoute<{ id: string }>(async (_request, { db, clock, user }, params) =>
  Response.json(await syncChannelTemplates(db, user, parseOrThrow(Params, params).id, clock.now())),
);
