import { z } from 'zod';
import type { ChannelSecrets } from '@/db/schema/channels';
import type { CheckResult, Delivery, DeliveryOutcome, OutboundProvider } from '../../outbound';
import { callProvider, type ProviderCall } from '../../provider-http';
import { multipartUpload } from '../multipart';
import { credentialsMissing, noAnswer, requireSecrets } from '../outcomes';
import { piecesOf, sendInParts } from '../parts';

/*
 * Telegram's Bot API (SPEC §13): `sendMessage` to the chat the contact opened with the bot.
 * Files go by sendPhoto, sendVoice, sendAudio, sendVideo or sendDocument (multipart, streamed).
 * Telegram has no idempotency: a lost answer leaves the message `unknown`; an answer that says
 * it was not taken (429, 5xx) is retried, after `parameters.retry_after` when Telegram gives it.
 */

const Failure = z.object({
  ok: z.literal(false),
  error_code: z.number().int(),
  description: z.string(),
  parameters: z.object({ retry_after: z.number().nonnegative().optional() }).optional(),
});
const Sent = z.object({ ok: z.literal(true), result: z.object({ message_id: z.number().int() }) });
const Done = z.object({ ok: z.literal(true), result: z.literal(true) });

const json = { 'content-type': 'application/json' };

const method = (token: string, name: string, body?: unknown) =>
  callProvider('telegram', `/bot${token}/${name}`, body === undefined ? {} : { method: 'POST', headers: json, body: JSON.stringify(body) });

const reasonOf = (call: Extract<ProviderCall, { kind: 'answered' }>) => {
  const failure = Failure.safeParse(call.answer.json);
  return failure.success ? `Telegram ${failure.data.error_code}: ${failure.data.description}` : `Telegram answered ${call.answer.status}`;
};

/** What Telegram's answer to `sendMessage` means. `chatId` makes the id unique like inbound ones (`chat:message`). */
function telegramOutcome(call: ProviderCall, chatId: string): DeliveryOutcome {
  if (call.kind === 'not_sent') return { outcome: 'retry', code: 'telegram.unreachable', detail: call.detail };
  if (call.kind === 'ambiguous') return { outcome: 'unknown', detail: `No answer from Telegram after sending (${call.detail}).` };
  const { status } = call.answer;
  if (status === 200) {
    const sent = Sent.safeParse(call.answer.json);
    // Message ids count per chat, shared by both sides: stored like an inbound one, they never collide.
    if (sent.success) return { outcome: 'sent', providerMessageId: `${chatId}:${sent.data.result.message_id}` };
    return { outcome: 'unknown', detail: `Telegram answered 200 without the message: ${call.answer.text.slice(0, 200)}` };
  }
  const failure = Failure.safeParse(call.answer.json);
  const code = failure.success ? failure.data.error_code : status;
  const detail = reasonOf(call);
  if (code === 429) {
    const after = failure.success ? failure.data.parameters?.retry_after : undefined;
    return { outcome: 'retry', code: 'telegram.429', detail, ...(after !== undefined ? { retryAfterMs: after * 1000 } : {}) };
  }
  if (status >= 500) return { outcome: 'retry', code: 'telegram.server_error', detail };
  // 401: the token was revoked; 404: there is no bot with this token.
  if (code === 401 || code === 404) return { outcome: 'failed', code: `telegram.${code}`, detail, channel: 'needs_attention' };
  if (code === 400 && /chat not found/i.test(detail)) return { outcome: 'failed', code: 'telegram.chat_not_found', detail };
  return { outcome: 'failed', code: `telegram.${code}`, detail };
}

/**
 * The text by sendMessage; each file by its own method, the text as the first one's caption when
 * it fits (1,024 characters), each part sent once (./parts.ts).
 */
async function send(d: Delivery): Promise<DeliveryOutcome> {
  const need = requireSecrets(d.channel.secrets, ['botToken']);
  if (!need.ok) return credentialsMissing(need.missing);
  const token = need.secrets.botToken;
  const pieces = piecesOf(d.message.body, d.attachments, (_file, caption) => caption.length <= CAPTION_MAX);
  return sendInParts(
    d,
    pieces.map((piece) => async () => {
      if (piece.kind === 'text') return telegramOutcome(await method(token, 'sendMessage', { chat_id: d.recipient, text: piece.text }), d.recipient);
      const { file, caption } = piece;
      return sendTelegramFile(d.channel.secrets, d.recipient, { body: await file.open(), mimeType: file.mimeType, fileName: file.fileName, ...(caption ? { caption } : {}) });
    }),
  );
}

/** A file to send: read once, as it is uploaded. */
export type OutgoingFile = { body: AsyncIterable<Uint8Array>; mimeType: string; fileName: string; caption?: string };

type FileMethod = { method: 'sendPhoto' | 'sendVoice' | 'sendAudio' | 'sendVideo' | 'sendDocument'; field: 'photo' | 'voice' | 'audio' | 'video' | 'document' };

/** Which Bot API method sends a file of this type, and the field it goes in (SPEC §14: photos, voice notes, audio, video, documents). */
export function telegramFileMethod(mimeType: string): FileMethod {
  const type = mimeType.split(';')[0]!.trim().toLowerCase();
  if (type === 'image/jpeg' || type === 'image/png' || type === 'image/webp') return { method: 'sendPhoto', field: 'photo' };
  // Telegram plays OGG/Opus as a voice note; MP3 and M4A as music in its player.
  if (type === 'audio/ogg' || type === 'audio/opus') return { method: 'sendVoice', field: 'voice' };
  if (type === 'audio/mpeg' || type === 'audio/mp4' || type === 'audio/x-m4a') return { method: 'sendAudio', field: 'audio' };
  if (type === 'video/mp4') return { method: 'sendVideo', field: 'video' };
  return { method: 'sendDocument', field: 'document' };
}

/** Telegram's longest caption. */
const CAPTION_MAX = 1024;

/**
 * Sends one file to a chat by the method of its type, multipart, streamed.
 * The outcome reads like a text's: no idempotency, so an upload whose answer was lost is `unknown`.
 */
export async function sendTelegramFile(secrets: ChannelSecrets, chatId: string, file: OutgoingFile): Promise<DeliveryOutcome> {
  const need = requireSecrets(secrets, ['botToken']);
  if (!need.ok) return credentialsMissing(need.missing);
  const { method: name, field } = telegramFileMethod(file.mimeType);
  const fields = { chat_id: chatId, ...(file.caption ? { caption: file.caption } : {}) };
  const upload = multipartUpload(fields, { field, fileName: file.fileName, mimeType: file.mimeType, body: file.body });
  const call = await callProvider('telegram', `/bot${need.secrets.botToken}/${name}`, {
    method: 'POST',
    headers: { 'content-type': upload.contentType },
    body: upload.body,
    // Up to 50 MB at a slow uplink, not the few seconds of a text.
    timeoutMs: 120_000,
  });
  return telegramOutcome(call, chatId);
}

/** `getMe`: proves the token belongs to a bot. */
async function check(secrets: ChannelSecrets): Promise<CheckResult> {
  const need = requireSecrets(secrets, ['botToken']);
  if (!need.ok) return { ok: false, reason: `missing ${need.missing}` };
  const call = await method(need.secrets.botToken, 'getMe');
  if (call.kind !== 'answered') return noAnswer('Telegram', call);
  return call.answer.status === 200 ? { ok: true } : { ok: false, reason: reasonOf(call) };
}

/** `setWebhook` with our URL and the secret Telegram will echo in X-Telegram-Bot-Api-Secret-Token. */
async function register(secrets: ChannelSecrets, webhookUrl: string): Promise<CheckResult> {
  const need = requireSecrets(secrets, ['botToken', 'webhookSecret']);
  if (!need.ok) return { ok: false, reason: `missing ${need.missing}` };
  const call = await method(need.secrets.botToken, 'setWebhook', { url: webhookUrl, secret_token: need.secrets.webhookSecret, allowed_updates: ['message'] });
  if (call.kind !== 'answered') return noAnswer('Telegram', call);
  return Done.safeParse(call.answer.json).success ? { ok: true } : { ok: false, reason: reasonOf(call) };
}

export const telegramOutbound: OutboundProvider = {
  send,
  check,
  register,
  // About 30 messages a second per bot, and one a second in one chat.
  pacing: { perSecond: 30, perRecipientMs: 1000, concurrency: 10 },
};
