import { z } from 'zod';
import type { ChannelSecrets } from '@/db/schema/channels';
import { config } from '@/server/env';
import { LINK_TTL_MS } from '@/server/files/signed-url';
import type { Channel, CheckResult, Delivery, DeliveryOutcome, OutboundAttachment, OutboundProvider } from '../../outbound';
import { callProvider, retryAfterMs, type ProviderCall } from '../../provider-http';
import { credentialsMissing, noAnswer, requireSecrets } from '../outcomes';

/*
 * SMS through Twilio (SPEC §13): one form POST per message. Twilio promises no idempotency, so
 * only an answer that says the message was not taken is retried; a 5xx or a lost answer leaves
 * the message `unknown` until the status callback (which names our message id) settles it.
 *
 * Files (SPEC §14): to a US or Canadian number (+1), JPEG, PNG and GIF images go in the same
 * request as MMS, each a `MediaUrl` of Cadence's signed URL (an hour: Twilio fetches at once);
 * any other file, and every file to a number elsewhere, goes as its link in the text (signed
 * for a week: a person opens it). One request either way, so nothing is ever sent twice.
 */

const PERMANENT = new Set([21610, 21211, 21614, 30006, 30007]);
/** 20429: always safe to retry; 30003: the handset was unreachable; 14107: over 30 replies in 30 s to one number. */
const TRANSIENT = new Set([20429, 30003, 14107]);
/** The account's credentials: the channel needs a manager, not another try. */
const CHANNEL = new Set([20003, 20404]);

const TwilioError = z.object({ code: z.number().int(), message: z.string() });
const Created = z.object({ sid: z.string().min(1) });

const basic = (accountSid: string, authToken: string) => `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;

/** Where Twilio posts this message's statuses: the channel's webhook, naming our message (the signature covers the query). */
const statusCallbackUrl = (channel: Channel, messageId: string) =>
  `${config().PUBLIC_URL}/api/webhooks/twilio/${encodeURIComponent(channel.publicId)}?messageId=${encodeURIComponent(messageId)}`;

/** What Twilio's answer to a send means for the message. */
function twilioOutcome(call: ProviderCall, now: Date): DeliveryOutcome {
  if (call.kind === 'not_sent') return { outcome: 'retry', code: 'twilio.unreachable', detail: call.detail };
  if (call.kind === 'ambiguous') return { outcome: 'unknown', detail: `No answer from Twilio after sending (${call.detail}).` };
  const { status, json, headers, text } = call.answer;
  if (status === 200 || status === 201) {
    const created = Created.safeParse(json);
    return created.success ? { outcome: 'sent', providerMessageId: created.data.sid } : { outcome: 'unknown', detail: `Twilio answered ${status} without a message sid.` };
  }
  // A 5xx may have come after Twilio created the message (20500): never resend it blindly.
  if (status >= 500) return { outcome: 'unknown', detail: `Twilio answered ${status}: ${text.slice(0, 200)}` };
  const error = TwilioError.safeParse(json);
  const code = error.success ? error.data.code : status === 401 ? 20003 : status === 429 ? 20429 : null;
  const detail = error.success ? `Twilio ${error.data.code}: ${error.data.message}` : `Twilio answered ${status}: ${text.slice(0, 200)}`;
  if (code !== null && TRANSIENT.has(code)) return { outcome: 'retry', code: `twilio.${code}`, detail, retryAfterMs: retryAfterMs(headers, now) };
  if (code !== null && CHANNEL.has(code)) return { outcome: 'failed', code: `twilio.${code}`, detail, channel: 'needs_attention' };
  if (code !== null && PERMANENT.has(code)) return { outcome: 'failed', code: `twilio.${code}`, detail };
  // Any other 4xx is Twilio refusing this request as it stands: sending it again changes nothing.
  return { outcome: 'failed', code: `twilio.${code ?? status}`, detail };
}

/** MMS reaches US and Canadian numbers only: +1 and ten digits. */
export const takesMms = (to: string) => /^\+1\d{10}$/.test(to);

const MMS_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif']);
/** Twilio's cap on one message's media. */
const MMS_MAX_FILES = 10;
const MMS_MAX_BYTES = 5 * 1024 * 1024;

/** The text and the media of the one request: which files go as MMS, and the links of the rest, each under its caption. */
export function twilioMessage(to: string, body: string, files: OutboundAttachment[]): { body: string; mediaUrls: string[] } {
  const lines = body.trim() ? [body.trim()] : [];
  const mediaUrls: string[] = [];
  let bytes = 0;
  for (const file of files) {
    const mms = takesMms(to) && MMS_TYPES.has(file.mimeType) && mediaUrls.length < MMS_MAX_FILES && bytes + file.size <= MMS_MAX_BYTES;
    if (mms) {
      mediaUrls.push(file.url());
      bytes += file.size;
      if (file.caption) lines.push(file.caption);
    } else {
      lines.push(`${file.caption ? `${file.caption}: ` : ''}${file.url(LINK_TTL_MS)}`);
    }
  }
  return { body: lines.join('\n'), mediaUrls };
}

async function send(d: Delivery): Promise<DeliveryOutcome> {
  const need = requireSecrets(d.channel.secrets, ['accountSid', 'authToken']);
  if (!need.ok) return credentialsMissing(need.missing);
  const { accountSid, authToken } = need.secrets;
  const { from, messagingServiceSid } = d.channel.secrets;
  const sender: Record<string, string> | null = messagingServiceSid ? { MessagingServiceSid: messagingServiceSid } : from ? { From: from } : null;
  if (!sender) return credentialsMissing('from or messagingServiceSid');
  const message = twilioMessage(d.recipient, d.message.body, d.attachments);
  const form = new URLSearchParams({ To: d.recipient, ...sender, ...(message.body ? { Body: message.body } : {}), StatusCallback: statusCallbackUrl(d.channel, d.message.id) });
  for (const url of message.mediaUrls) form.append('MediaUrl', url);
  const call = await callProvider('twilio', `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`, {
    method: 'POST',
    headers: { authorization: basic(accountSid, authToken), 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return twilioOutcome(call, new Date());
}

/** Reads the account: proves the SID and token before a channel is saved. */
async function check(secrets: ChannelSecrets): Promise<CheckResult> {
  const need = requireSecrets(secrets, ['accountSid', 'authToken']);
  if (!need.ok) return { ok: false, reason: `missing ${need.missing}` };
  const { accountSid, authToken } = need.secrets;
  const call = await callProvider('twilio', `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}.json`, { headers: { authorization: basic(accountSid, authToken) } });
  if (call.kind !== 'answered') return noAnswer('Twilio', call);
  if (call.answer.status === 200) return { ok: true };
  const error = TwilioError.safeParse(call.answer.json);
  return { ok: false, reason: error.success ? `Twilio ${error.data.code}: ${error.data.message}` : `Twilio answered ${call.answer.status}` };
}

export const twilioOutbound: OutboundProvider = {
  send,
  check,
  // Twilio limits an account by concurrency and one number by replies per 30 s (14107).
  pacing: { perSecond: 10, perRecipientMs: 1000, concurrency: 5 },
};
