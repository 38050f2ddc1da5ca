import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { preparedFor } from '@/db/prepared';
import { isTransientDatabaseError } from '@/db/transient';
import type { Clock } from '@/server/clock';
import type { Effects } from '@/server/effects/unit-of-work';
import { channels } from '@/db/schema';
import { AppError } from '@/server/errors';
import { describeIssues } from '@/server/validation';
import { recordDeadLetter } from './dead-letters';
import { ingest, type IngestResult } from './ingest';
import { claimNonce, releaseNonce } from './nonces';
import { freshness } from './replay';
import { isWebhookProvider, webhookProviders, type WebhookProvider, type WebhookRequest } from './providers';

export const MAX_WEBHOOK_BYTES = 1024 * 1024;
/**
 * Messages and statuses in one request. The providers batch a handful at most; each costs a
 * transaction, so a bigger batch is a sender's mistake or an attack, not a burst to queue.
 */
export const MAX_WEBHOOK_ITEMS = 100;

async function channelFor(db: Db, provider: string, publicId: string): Promise<{ channel: typeof channels.$inferSelect; handler: WebhookProvider }> {
  if (!isWebhookProvider(provider)) throw new AppError('NOT_FOUND', `provider: no webhook for "${provider}"`);
  const byPublicId = preparedFor(db, 'webhook-channel', (db) =>
    db.select().from(channels).where(eq(channels.publicId, sql.placeholder('publicId'))).limit(1).prepare('webhook_channel'),
  );
  const [channel] = await byPublicId.execute({ publicId });
  if (!channel || channel.kind !== webhookProviders[provider].kind) {
    throw new AppError('NOT_FOUND', `channelId: no ${provider} channel "${publicId}"`);
  }
  return { channel, handler: webhookProviders[provider] };
}

/**
 * The ingest pipeline's front door: verify the signature over the raw bytes (and, where it
 * covers no body, that the request is fresh and new), then parse, then hand the one internal
 * shape to `ingest`. Nothing but the nonce is written before all three pass. A 5xx is for what
 * a retry can fix (the database away: UNAVAILABLE); a message that can never be stored is a
 * dead letter and the webhook is answered as taken.
 */
export async function receiveWebhook(
  db: Db,
  args: { provider: string; publicId: string } & WebhookRequest,
  clock: Clock,
  fx: Effects,
): Promise<IngestResult> {
  try {
    return await receive(db, args, clock, fx);
  } catch (error) {
    if (isTransientDatabaseError(error)) throw new AppError('UNAVAILABLE', 'database: unavailable for now; retry later');
    throw error;
  }
}

async function receive(db: Db, args: { provider: string; publicId: string } & WebhookRequest, clock: Clock, fx: Effects): Promise<IngestResult> {
  const { channel, handler } = await channelFor(db, args.provider, args.publicId);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(args.rawBody);
  } catch {
    throw new AppError('INVALID_INPUT', 'body: not UTF-8 text');
  }
  // A form's signature covers its decoded parameters (Twilio); JSON is verified as raw bytes.
  const form = handler.format === 'form' ? new URLSearchParams(text) : null;
  if (!handler.verify(args, channel, form)) {
    throw new AppError('UNAUTHENTICATED', 'signature: missing or does not match this channel');
  }
  const once = handler.signedOnce?.(args);
  if (!once) return parseAndIngest(db, channel, handler, args, text, form, clock, fx);
  const fresh = freshness(once.timestamp, clock.now());
  if ('refusal' in fresh) throw new AppError('UNAUTHENTICATED', fresh.refusal);
  const claim = { channelId: channel.id, nonce: once.nonce };
  if (!(await claimNonce(db, { ...claim, expiresAt: fresh.expiresAt }, clock.now()))) {
    throw new AppError('UNAUTHENTICATED', 'nonce: already used by an earlier request; a replayed request is refused');
  }
  try {
    return await parseAndIngest(db, channel, handler, args, text, form, clock, fx);
  } catch (error) {
    // Not accepted, so not a replay when it comes again (WeChat retries a request that failed).
    // The request's own error is the answer, even when the database is too far gone to forget.
    await releaseNonce(db, claim).catch((releaseError: unknown) => console.error('forgetting a refused webhook nonce failed', releaseError));
    throw error;
  }
}

async function parseAndIngest(
  db: Db,
  channel: typeof channels.$inferSelect,
  handler: WebhookProvider,
  args: { provider: string } & WebhookRequest,
  text: string,
  form: URLSearchParams | null,
  clock: Clock,
  fx: Effects,
): Promise<IngestResult> {
  let payload: unknown;
  if (form) {
    payload = Object.fromEntries(form);
  } else if (handler.format === 'xml') {
    payload = text;
  } else {
    try {
      payload = JSON.parse(handler.beforeParse ? handler.beforeParse(text) : text);
    } catch {
      throw new AppError('INVALID_INPUT', 'body: not valid JSON');
    }
  }
  let parsed;
  try {
    parsed = handler.parse(payload, clock.now(), args.url);
  } catch (error) {
    if (error instanceof z.ZodError) throw new AppError('INVALID_INPUT', describeIssues(error));
    if (error instanceof AppError) throw error;
    // A signed payload our parser cannot read will not read better on a retry: keep it for an admin.
    console.error(`${args.provider} webhook could not be parsed; kept as a dead letter`, error);
    await recordDeadLetter(db, channel, args.rawBody, [{ providerMessageId: null, reason: `parser: ${error instanceof Error ? error.message : String(error)}` }]);
    return { stored: 0, duplicates: 0, updated: 0, deadLettered: 1 };
  }
  const items = parsed.messages.length + parsed.updates.length + (parsed.templates?.length ?? 0);
  if (items > MAX_WEBHOOK_ITEMS) {
    throw new AppError('PAYLOAD_TOO_LARGE', `messages: at most ${MAX_WEBHOOK_ITEMS} messages and statuses per request, got ${items}`);
  }
  return ingest(db, channel, parsed, clock, fx, args.rawBody);
}

/** The answer a provider expects: Twilio reads TwiML (an empty one sends no automatic reply), WeChat `success`. */
export function webhookReply(provider: string, result: IngestResult): Response {
  const reply = isWebhookProvider(provider) ? webhookProviders[provider].reply : 'json';
  if (reply === 'twiml') return new Response('<?xml version="1.0" encoding="UTF-8"?><Response></Response>', { headers: { 'content-type': 'text/xml' } });
  if (reply === 'success') return new Response('success', { headers: { 'content-type': 'text/plain' } });
  return Response.json(result);
}

/** The GET a provider sends when its webhook is set up (Meta's verify token, WeChat's signed echo). */
export async function verifySubscription(
  db: Db,
  args: { provider: string; publicId: string; params: URLSearchParams },
): Promise<string> {
  const { channel, handler } = await channelFor(db, args.provider, args.publicId);
  if (!handler.handshake) throw new AppError('NOT_FOUND', `provider: ${args.provider} sends no set-up check`);
  return handler.handshake(args.params, channel);
}
