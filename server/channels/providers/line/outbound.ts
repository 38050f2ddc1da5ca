import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ChannelSecrets } from '@/db/schema/channels';
import { config } from '@/server/env';
import { LINK_TTL_MS } from '@/server/files/signed-url';
import type { CheckResult, Delivery, DeliveryOutcome, OutboundAttachment, OutboundProvider } from '../../outbound';
import { callProvider, retryAfterMs, type ProviderCall } from '../../provider-http';
import { credentialsMissing, noAnswer, requireSecrets } from '../outcomes';
import { piecesOf, sendInParts, type Piece } from '../parts';

/*
 * LINE (SPEC §13). A reply with the contact's fresh reply token is free; otherwise, or when LINE
 * says the token is no good, the message is pushed. A push carries `X-Line-Retry-Key` (our
 * message id, a UUID) from the first attempt on, so LINE runs it once however often it comes:
 * a repeat after acceptance answers 409, and a lost answer is simply tried again. A reply has
 * no key: a lost answer to it leaves the message `unknown`.
 *
 * Files (SPEC §14), each by Cadence's signed URL (LINE fetches it; PUBLIC_URL must be https in
 * production, as LINE takes HTTPS only): a JPEG or PNG up to 10 MB as an image message; an M4A
 * up to 200 MB as an audio message, with the duration LINE requires read from the file's header;
 * an MP4 up to 200 MB as a video message, whose required preview image is the app's icon, as
 * Cadence makes no frame of a video. Audio and video links are signed for a week, as LINE
 * fetches them when the contact plays them. Any other file (LINE takes no documents) goes as its
 * link in a text. LINE has no captions: the text comes first, a caption after its file. Up to
 * five messages go in one request; a longer message is sent five at a time, each request with a
 * retry key of its own and sent once (../parts.ts).
 */

const Sent = z.object({ sentMessages: z.array(z.object({ id: z.string() })).min(1) });
const Refusal = z.object({ message: z.string(), details: z.array(z.object({ message: z.string(), property: z.string().optional() })).optional() });

type Answered = Extract<ProviderCall, { kind: 'answered' }>;

const reasonOf = ({ answer }: Answered) => {
  const refusal = Refusal.safeParse(answer.json);
  if (!refusal.success) return `LINE answered ${answer.status}`;
  const details = (refusal.data.details ?? []).map((d) => (d.property ? `${d.property}: ${d.message}` : d.message));
  return [`LINE ${answer.status}: ${refusal.data.message}`, ...details].join('; ');
};

const headersOf = (token: string, retryKey?: string) => ({
  authorization: `Bearer ${token}`,
  'content-type': 'application/json',
  ...(retryKey ? { 'x-line-retry-key': retryKey } : {}),
});

/**
 * What LINE's answer means. `keyed`: the request carried a retry key, so one that may have
 * arrived (no answer, a 5xx) is safe to send again; without one it is `unknown`.
 */
function lineOutcome(call: ProviderCall, messageId: string, keyed: boolean, now: Date): DeliveryOutcome {
  if (call.kind === 'not_sent') return { outcome: 'retry', code: 'line.unreachable', detail: call.detail };
  if (call.kind === 'ambiguous') {
    return keyed ? { outcome: 'retry', code: 'line.unreachable', detail: call.detail } : { outcome: 'unknown', detail: `No answer from LINE after a reply (${call.detail}).` };
  }
  const { status, json, headers } = call.answer;
  const sent = Sent.safeParse(json);
  if (status === 200) return { outcome: 'sent', providerMessageId: sent.success ? sent.data.sentMessages[0]!.id : `line-${messageId}` };
  // The retry key was accepted before: the message went then, under the id LINE gave it.
  if (status === 409 && keyed) {
    const id = sent.success ? sent.data.sentMessages[0]!.id : (headers.get('x-line-accepted-request-id') ?? `line-${messageId}`);
    return { outcome: 'sent', providerMessageId: id };
  }
  const detail = reasonOf(call);
  if (status === 401) return { outcome: 'failed', code: 'line.401', detail, channel: 'needs_attention' };
  if (status === 429) return { outcome: 'retry', code: 'line.429', detail, retryAfterMs: retryAfterMs(headers, now) };
  if (status >= 500) return keyed ? { outcome: 'retry', code: 'line.server_error', detail } : { outcome: 'unknown', detail };
  return { outcome: 'failed', code: `line.${status}`, detail };
}

/** LINE's word that a reply token cannot be used (expired, or spent): push instead. */
const invalidReplyToken = (call: ProviderCall) => call.kind === 'answered' && call.answer.status === 400 && /reply token/i.test(reasonOf(call));

type LineMessage = Record<string, string | number>;

const MB = 1024 * 1024;
const IMAGE_MAX_BYTES = 10 * MB;
const MEDIA_MAX_BYTES = 200 * MB;
const VIDEO_PREVIEW_PATH = '/icons/icon-512.png';

const asImage = (file: OutboundAttachment) => (file.mimeType === 'image/jpeg' || file.mimeType === 'image/png') && file.size <= IMAGE_MAX_BYTES;
const asAudio = (file: OutboundAttachment) => (file.mimeType === 'audio/mp4' || file.mimeType === 'audio/x-m4a') && file.size <= MEDIA_MAX_BYTES;
const asVideo = (file: OutboundAttachment) => file.mimeType === 'video/mp4' && file.size <= MEDIA_MAX_BYTES;

const asLink = (file: OutboundAttachment): LineMessage => ({ type: 'text', text: `${file.fileName}: ${file.url(LINK_TTL_MS)}` });

/** One piece as LINE's message: a text, an image, audio or video by URL, or another file's link. */
async function lineMessage(piece: Piece): Promise<LineMessage> {
  if (piece.kind === 'text') return { type: 'text', text: piece.text };
  const { file } = piece;
  if (asImage(file)) {
    const url = file.url();
    return { type: 'image', originalContentUrl: url, previewImageUrl: url };
  }
  if (asAudio(file)) {
    // An M4A whose header names no duration cannot be an audio message: its link still reaches the contact.
    const duration = await file.durationMs();
    return duration ? { type: 'audio', originalContentUrl: file.url(LINK_TTL_MS), duration } : asLink(file);
  }
  if (asVideo(file)) return { type: 'video', originalContentUrl: file.url(LINK_TTL_MS), previewImageUrl: `${config().PUBLIC_URL}${VIDEO_PREVIEW_PATH}` };
  return asLink(file);
}

/** LINE takes up to five messages in one request. */
const PER_REQUEST = 5;

/** The retry key of the `index`th request of a message: the message id for the first, a UUID derived from it for the next. */
export function retryKeyOf(messageId: string, index: number): string {
  if (index === 0) return messageId;
  const hex = createHash('sha256').update(`${messageId}:${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** One request: a reply with the token when there is one and nothing went before, else a push under its retry key. */
async function deliver(token: string, d: Delivery, messages: LineMessage[], index: number): Promise<DeliveryOutcome> {
  if (d.replyToken && index === 0) {
    const reply = await callProvider('line', '/v2/bot/message/reply', { method: 'POST', headers: headersOf(token), body: JSON.stringify({ replyToken: d.replyToken, messages }) });
    // Refused before sending anything, or never reached LINE: the push below cannot double it.
    if (!invalidReplyToken(reply) && reply.kind !== 'not_sent') return lineOutcome(reply, d.message.id, false, new Date());
  }
  const push = await callProvider('line', '/v2/bot/message/push', {
    method: 'POST',
    headers: headersOf(token, retryKeyOf(d.message.id, index)),
    body: JSON.stringify({ to: d.recipient, messages }),
  });
  return lineOutcome(push, d.message.id, true, new Date());
}

async function send(d: Delivery): Promise<DeliveryOutcome> {
  const need = requireSecrets(d.channel.secrets, ['channelAccessToken']);
  if (!need.ok) return credentialsMissing(need.missing);
  const token = need.secrets.channelAccessToken;
  if (d.attachments.length === 0) return deliver(token, d, [{ type: 'text', text: d.message.body }], 0);
  const messages = await Promise.all(piecesOf(d.message.body, d.attachments, () => false).map(lineMessage));
  const requests = Array.from({ length: Math.ceil(messages.length / PER_REQUEST) }, (_, i) => messages.slice(i * PER_REQUEST, (i + 1) * PER_REQUEST));
  return sendInParts(
    d,
    requests.map((batch, i) => () => deliver(token, d, batch, i)),
  );
}

/** Reads the bot's info: proves the channel access token. */
async function check(secrets: ChannelSecrets): Promise<CheckResult> {
  const need = requireSecrets(secrets, ['channelAccessToken']);
  if (!need.ok) return { ok: false, reason: `missing ${need.missing}` };
  const call = await callProvider('line', '/v2/bot/info', { headers: { authorization: `Bearer ${need.secrets.channelAccessToken}` } });
  if (call.kind !== 'answered') return noAnswer('LINE', call);
  return call.answer.status === 200 ? { ok: true } : { ok: false, reason: reasonOf(call) };
}

export const lineOutbound: OutboundProvider = {
  send,
  check,
  // 2,000 requests a second per channel; LINE has no rule per recipient.
  pacing: { perSecond: 2000, perRecipientMs: 0, concurrency: 20 },
};
