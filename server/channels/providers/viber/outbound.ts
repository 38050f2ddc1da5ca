import { z } from 'zod';
import type { ChannelSecrets } from '@/db/schema/channels';
import type { CheckResult, Delivery, DeliveryOutcome, OutboundAttachment, OutboundProvider } from '../../outbound';
import { callProvider, type ProviderCall } from '../../provider-http';
import { credentialsMissing, noAnswer, requireSecrets } from '../outcomes';
import { piecesOf, sendInParts, type Piece } from '../parts';
import { quoteViberTokens } from './inbound';

/*
 * Viber's REST bot API (SPEC §13): answers are HTTP 200 with the outcome in `status`. The
 * `message_token` of a sent message is a 64-bit integer: read from the raw text as a string,
 * the same way inbound webhooks are, so its status callbacks find it.
 *
 * Files (SPEC §14): a JPEG or PNG goes as a `picture` (the text as its caption, up to 768
 * characters), any other file as a `file` with its size and name; both by Cadence's signed URL,
 * which Viber downloads. One file a message, each part sent once (../parts.ts).
 */

const Answer = z.object({ status: z.number().int(), status_message: z.string().optional(), message_token: z.string().regex(/^-?\d+$/).optional() });

/** Viber's limit on the sender name shown with each message. */
const SENDER_NAME_MAX = 28;

type Answered = Extract<ProviderCall, { kind: 'answered' }>;

function answerOf({ answer }: Answered): z.infer<typeof Answer> | null {
  try {
    const parsed = Answer.safeParse(JSON.parse(quoteViberTokens(answer.text)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const post = (token: string, path: string, body: unknown) =>
  callProvider('viber', path, { method: 'POST', headers: { 'x-viber-auth-token': token, 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** What Viber's answer to `send_message` means. */
function viberOutcome(call: ProviderCall): DeliveryOutcome {
  if (call.kind === 'not_sent') return { outcome: 'retry', code: 'viber.unreachable', detail: call.detail };
  if (call.kind === 'ambiguous') return { outcome: 'unknown', detail: `No answer from Viber after sending (${call.detail}).` };
  if (call.answer.status >= 500) return { outcome: 'retry', code: 'viber.server_error', detail: `Viber answered ${call.answer.status}` };
  const answer = answerOf(call);
  if (!answer) return { outcome: 'unknown', detail: `Viber answered ${call.answer.status}: ${call.answer.text.slice(0, 200)}` };
  const detail = `Viber ${answer.status}: ${answer.status_message ?? ''}`.trim();
  if (answer.status === 0) {
    return answer.message_token ? { outcome: 'sent', providerMessageId: answer.message_token } : { outcome: 'unknown', detail: 'Viber answered ok without a message_token.' };
  }
  if (answer.status === 2) return { outcome: 'failed', code: 'viber.2', detail, channel: 'needs_attention' };
  if (answer.status === 12) return { outcome: 'retry', code: 'viber.12', detail };
  // 5, 6, 7, 11, 23, 24 (SPEC §13), and the rest (bad data, no webhook set…): this message as
  // it stands is refused, and another try changes nothing.
  return { outcome: 'failed', code: `viber.${answer.status}`, detail };
}

const isPicture = (file: OutboundAttachment) => file.mimeType === 'image/jpeg' || file.mimeType === 'image/png';

/** Viber's longest picture caption. */
const CAPTION_MAX = 768;

/** One piece as Viber's message body (receiver and sender aside). */
function viberMessage(piece: Piece): Record<string, unknown> {
  if (piece.kind === 'text') return { type: 'text', text: piece.text };
  const { file, caption } = piece;
  if (isPicture(file)) return { type: 'picture', media: file.url(), text: caption ?? '' };
  return { type: 'file', media: file.url(), size: file.size, file_name: file.fileName };
}

async function send(d: Delivery): Promise<DeliveryOutcome> {
  const need = requireSecrets(d.channel.secrets, ['authToken']);
  if (!need.ok) return credentialsMissing(need.missing);
  const name = (d.channel.settings.senderName || d.channel.name).slice(0, SENDER_NAME_MAX);
  const envelope = { receiver: d.recipient, sender: { name } };
  const pieces = d.attachments.length === 0 ? [{ kind: 'text' as const, text: d.message.body }] : piecesOf(d.message.body, d.attachments, (file, caption) => isPicture(file) && caption.length <= CAPTION_MAX);
  return sendInParts(
    d,
    pieces.map((piece) => async () => viberOutcome(await post(need.secrets.authToken, '/pa/send_message', { ...envelope, ...viberMessage(piece) }))),
  );
}

const checked = (call: ProviderCall): CheckResult => {
  if (call.kind !== 'answered') return noAnswer('Viber', call);
  const answer = answerOf(call);
  if (answer?.status === 0) return { ok: true };
  return { ok: false, reason: answer ? `Viber ${answer.status}: ${answer.status_message ?? ''}`.trim() : `Viber answered ${call.answer.status}` };
};

/** `get_account_info`: proves the auth token. */
async function check(secrets: ChannelSecrets): Promise<CheckResult> {
  const need = requireSecrets(secrets, ['authToken']);
  if (!need.ok) return { ok: false, reason: `missing ${need.missing}` };
  return checked(await post(need.secrets.authToken, '/pa/get_account_info', {}));
}

/** `set_webhook`: Viber posts messages, statuses and subscriptions to our URL, with the contact's name. */
async function register(secrets: ChannelSecrets, webhookUrl: string): Promise<CheckResult> {
  const need = requireSecrets(secrets, ['authToken']);
  if (!need.ok) return { ok: false, reason: `missing ${need.missing}` };
  return checked(
    await post(need.secrets.authToken, '/pa/set_webhook', {
      url: webhookUrl,
      event_types: ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'],
      send_name: true,
      send_photo: false,
    }),
  );
}

export const viberOutbound: OutboundProvider = {
  send,
  check,
  register,
  // Viber publishes no limit: a moderate pace, well under what other bot APIs allow.
  pacing: { perSecond: 20, perRecipientMs: 0, concurrency: 5 },
};
