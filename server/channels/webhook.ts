import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import type { Clock } from '@/server/clock';
import { channels } from '@/db/schema';
import { AppError } from '@/server/errors';
import { describeIssues } from '@/server/rest/route';
import { ingest, type IngestResult } from './ingest';
import { isWebhookProvider, webhookProviders } from './providers';

export const MAX_WEBHOOK_BYTES = 1024 * 1024;

async function channelFor(db: Db, provider: string, publicId: string) {
  if (!isWebhookProvider(provider)) throw new AppError('NOT_FOUND', `provider: no webhook for "${provider}"`);
  const [channel] = await db.select().from(channels).where(eq(channels.publicId, publicId)).limit(1);
  if (!channel || channel.kind !== webhookProviders[provider].kind) {
    throw new AppError('NOT_FOUND', `channelId: no ${provider} channel "${publicId}"`);
  }
  return { channel, handler: webhookProviders[provider] };
}

/**
 * The ingest pipeline's front door: verify the signature over the raw bytes, then parse,
 * then hand the one internal shape to `ingest`. Nothing is written before all three pass.
 */
export async function receiveWebhook(
  db: Db,
  args: { provider: string; publicId: string; rawBody: Uint8Array; headers: Headers },
  clock: Clock,
): Promise<IngestResult> {
  const { channel, handler } = await channelFor(db, args.provider, args.publicId);
  if (!handler.verify(args.rawBody, args.headers, channel)) {
    throw new AppError('UNAUTHENTICATED', 'signature: missing or does not match this channel');
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(args.rawBody));
  } catch {
    throw new AppError('INVALID_INPUT', 'body: not valid JSON');
  }
  let parsed;
  try {
    parsed = handler.parse(json);
  } catch (error) {
    if (error instanceof z.ZodError) throw new AppError('INVALID_INPUT', describeIssues(error));
    throw error;
  }
  return ingest(db, channel, parsed, clock);
}

/** Meta's subscription handshake: echo `hub.challenge` when the verify token matches. */
export async function verifySubscription(
  db: Db,
  args: { provider: string; publicId: string; params: URLSearchParams },
): Promise<string> {
  const { channel } = await channelFor(db, args.provider, args.publicId);
  const token = channel.secrets.verifyToken;
  if (args.params.get('hub.mode') !== 'subscribe' || !token || args.params.get('hub.verify_token') !== token) {
    throw new AppError('FORBIDDEN', 'hub.verify_token: does not match this channel');
  }
  const challenge = args.params.get('hub.challenge');
  if (!challenge) throw new AppError('INVALID_INPUT', 'hub.challenge: missing');
  return challenge;
}
