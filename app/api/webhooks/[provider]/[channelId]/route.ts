import { getDatabase, getDb } from '@/db/client';
import { withEffects } from '@/server/app/flush';
import { systemClock } from '@/server/clock';
import { ingestGate } from '@/server/channels/ingest-gate';
import { MAX_WEBHOOK_BYTES, receiveWebhook, verifySubscription, webhookReply } from '@/server/channels/webhook';
import { errorResponse, publicUrl, readBody } from '@/server/http';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ provider: string; channelId: string }> };

export async function POST(request: Request, { params }: Params) {
  const { provider, channelId } = await params;
  try {
    const rawBody = await readBody(request, MAX_WEBHOOK_BYTES);
    const database = getDatabase();
    const result = await ingestGate(database.kind).run(rawBody.byteLength, () =>
      withEffects(database.db, (fx) =>
        receiveWebhook(database.db, { provider, publicId: channelId, rawBody, headers: request.headers, url: publicUrl(request) }, systemClock, fx),
      ),
    );
    return webhookReply(provider, result);
  } catch (error) {
    return errorResponse(error);
  }
}

export async function GET(request: Request, { params }: Params) {
  const { provider, channelId } = await params;
  try {
    const challenge = await verifySubscription(getDb(), {
      provider,
      publicId: channelId,
      params: new URL(request.url).searchParams,
    });
    return new Response(challenge, { headers: { 'content-type': 'text/plain' } });
  } catch (error) {
    return errorResponse(error);
  }
}
