import { z } from 'zod';
import type { CheckResult, DeliveryOutcome } from '../outbound';
import { callProvider, retryAfterMs, type HttpProvider, type ProviderAnswer, type ProviderCall } from '../provider-http';

/*
 * Meta's Graph API as WhatsApp, Messenger and Instagram share it (SPEC §13): one version, one
 * error shape (`{"error":{"message","type","code","error_subcode","fbtrace_id"}}`), and one way
 * of reading an answer. Each provider says which of its codes are worth another try.
 */

export const GRAPH_VERSION = 'v26.0';

export type MetaProvider = Extract<HttpProvider, 'whatsapp' | 'messenger' | 'instagram'>;

/** Meta's token error: the channel's token expired or was revoked. */
export const TOKEN_EXPIRED = 190;

const GraphErrorBody = z.object({
  error: z.object({
    message: z.string().default(''),
    type: z.string().optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_data: z.object({ details: z.string().optional() }).optional(),
    fbtrace_id: z.string().optional(),
  }),
});

export type GraphError = { code: number; subcode: number | null; message: string };

/** Meta's error in an answer, or null when the body is not one (an HTML 502 from a proxy). */
export function graphError(answer: ProviderAnswer): GraphError | null {
  const parsed = GraphErrorBody.safeParse(answer.json);
  if (!parsed.success) return null;
  const { code, error_subcode, message, error_data } = parsed.data.error;
  // WhatsApp puts the useful sentence in `error_data.details`; the message is only a title.
  const details = error_data?.details && error_data.details !== message ? `: ${error_data.details}` : '';
  return { code, subcode: error_subcode ?? null, message: `${message}${details}` };
}

const httpDetail = (answer: ProviderAnswer) => `HTTP ${answer.status}${answer.text ? `: ${answer.text.slice(0, 200)}` : ''}`;

/**
 * What one send's call means (SPEC §13). `transient`: the provider's codes that say "try again";
 * every other code is a refusal for good. Meta has no idempotency, so an answer lost after the
 * request left (a timeout, a reset) is `unknown`, never retried.
 */
export function sendOutcome(
  provider: MetaProvider,
  call: ProviderCall,
  opts: { transient: ReadonlySet<number>; idOf: (json: unknown) => string | null; now: Date },
): DeliveryOutcome {
  if (call.kind === 'not_sent') return { outcome: 'retry', code: `${provider}.unavailable`, detail: call.detail };
  if (call.kind === 'ambiguous') return { outcome: 'unknown', detail: call.detail };
  const { answer } = call;
  if (answer.status >= 200 && answer.status < 300) {
    const id = opts.idOf(answer.json);
    // Taken, but we cannot tell which message it became: only a status webhook can settle it.
    return id ? { outcome: 'sent', providerMessageId: id } : { outcome: 'unknown', detail: `answered ${httpDetail(answer)} without a message id` };
  }
  const retryAfter = retryAfterMs(answer.headers, opts.now);
  const error = graphError(answer);
  if (error) {
    const code = `${provider}.${error.code}`;
    if (error.code === TOKEN_EXPIRED) return { outcome: 'failed', code, detail: error.message, channel: 'needs_attention' };
    if (opts.transient.has(error.code) || answer.status >= 500) return { outcome: 'retry', code, detail: error.message, retryAfterMs: retryAfter };
    return { outcome: 'failed', code, detail: error.message };
  }
  if (answer.status === 429) return { outcome: 'retry', code: `${provider}.throttled`, detail: httpDetail(answer), retryAfterMs: retryAfter };
  if (answer.status >= 500) return { outcome: 'retry', code: `${provider}.unavailable`, detail: httpDetail(answer), retryAfterMs: retryAfter };
  return { outcome: 'failed', code: `${provider}.unreadable`, detail: httpDetail(answer) };
}

/** Graph's codes for "busy, or too many calls": a read refused with one is worth repeating later. */
const READ_TRANSIENT = new Set([1, 2, 4, 17, 32, 613, 80007, 130429]);

/** A read (GET) of the Graph API with a bearer token, with Meta's own words when it is refused. */
export async function graphGet(
  provider: MetaProvider,
  path: string,
  token: string,
): Promise<{ ok: true; json: unknown } | { ok: false; reason: string; transient: boolean; code: number | null }> {
  const call = await callProvider(provider, `/${GRAPH_VERSION}/${path}`, { headers: { authorization: `Bearer ${token}` } });
  // A read sends nothing: whether it arrived or not, reading again is harmless.
  if (call.kind !== 'answered') return { ok: false, reason: call.detail, transient: true, code: null };
  const { answer } = call;
  if (answer.status >= 200 && answer.status < 300) return { ok: true, json: answer.json };
  const error = graphError(answer);
  return {
    ok: false,
    reason: error?.message || httpDetail(answer),
    transient: answer.status >= 500 || answer.status === 429 || (error !== null && READ_TRANSIENT.has(error.code)),
    code: error?.code ?? null,
  };
}

/** `check` of a channel's credentials: one harmless read of the object `id`, refused with Meta's reason. */
export async function checkByReading(
  provider: MetaProvider,
  object: { id: string | undefined; fields: string; token: string | undefined },
  expect: z.ZodType,
): Promise<CheckResult> {
  if (!object.id || !object.token) return { ok: false, reason: 'the account id and its access token are required' };
  const read = await graphGet(provider, `${object.id}?fields=${object.fields}`, object.token);
  if (!read.ok) return { ok: false, reason: read.reason };
  return expect.safeParse(read.json).success ? { ok: true } : { ok: false, reason: 'Meta answered without the expected fields' };
}
