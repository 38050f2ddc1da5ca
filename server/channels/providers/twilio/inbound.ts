import { z } from 'zod';
import type { DeliveryUpdate, InboundMedia, InboundMessage, ParsedWebhook } from '../../inbound';

/*
 * Twilio Programmable Messaging posts forms: an inbound SMS/MMS (`Body`, `From`, `NumMedia`...)
 * or a status callback for one of ours (`MessageStatus`, `ErrorCode`). Neither carries the
 * moment the message was sent, so the arrival time stands in for it.
 */
const TwilioForm = z.object({
  MessageSid: z.string().min(1).optional(),
  SmsSid: z.string().min(1).optional(),
  From: z.string().min(1).max(40).optional(),
  Body: z.string().max(4096).optional(),
  NumMedia: z.coerce.number().int().min(0).optional(),
  OptOutType: z.string().optional(),
  MessageStatus: z.string().optional(),
  ErrorCode: z.string().optional(),
});

// Twilio's own opt-out keywords, with the Spanish ones our contacts write; subscribe keywords
// (JOIN, UNIRSE...), and Twilio's opt-back-in ones, which only undo an earlier STOP.
const STOP_WORDS = new Set(['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'revoke', 'optout', 'baja', 'detener', 'parar']);
const START_WORDS = new Set(['start', 'join', 'unirse', 'alta']);
const RESUME_WORDS = new Set(['yes', 'unstop']);
const HELP_WORDS = new Set(['help', 'info', 'ayuda']);

/** SPEC §8: HELP and INFO (Twilio's OptOutType HELP when the service sets it) ask for the help reply. */
function asksHelp(optOutType: string | undefined, body: string): boolean {
  const type = optOutType?.toUpperCase();
  return type ? type === 'HELP' : HELP_WORDS.has(body.trim().toLowerCase());
}

/** SMS consent changed by this message: Twilio's OptOutType when the service sets it, otherwise the keyword alone. */
function consentOf(optOutType: string | undefined, body: string): InboundMessage['consent'] {
  const type = optOutType?.toUpperCase();
  if (type === 'STOP') return 'revoked';
  if (type === 'START') return 'granted';
  if (type) return undefined;
  const word = body.trim().toLowerCase();
  if (STOP_WORDS.has(word)) return 'revoked';
  if (START_WORDS.has(word)) return 'granted';
  if (RESUME_WORDS.has(word)) return 'resumed';
  return undefined;
}

// Maps, not objects: a form value such as "toString" must not find Object.prototype's.
const statusOf = new Map<string, DeliveryUpdate['status']>([
  ['sent', 'sent'],
  ['delivered', 'delivered'],
  ['read', 'read'],
  ['undelivered', 'failed'],
  ['failed', 'failed'],
]);

const errorText = new Map<string, string>([
  ['21610', 'The recipient replied STOP: they have unsubscribed from this number'],
  ['30003', 'The handset is unreachable'],
  ['30005', 'Unknown or inactive number'],
  ['30006', 'The number cannot receive SMS (a landline, or the carrier refuses)'],
  ['30007', 'Filtered by the carrier as spam'],
]);

const OurMessageId = z.uuid();

/** Twilio takes up to 10 files in one MMS. */
const MAX_MEDIA = 10;

const kindOf = (type: string | undefined): Extract<InboundMedia, { ref: string }>['kind'] => {
  const top = type?.split('/')[0];
  return top === 'image' || top === 'audio' || top === 'video' ? top : 'document';
};

/** An MMS's files: `MediaUrl{N}` (on api.twilio.com; ./media.ts downloads it) and `MediaContentType{N}`, N below NumMedia. */
function mediaOf(form: Record<string, string>, count: number): InboundMedia[] {
  const media: InboundMedia[] = [];
  for (let n = 0; n < Math.min(count, MAX_MEDIA); n++) {
    const ref = form[`MediaUrl${n}`]?.trim();
    if (!ref) throw new z.ZodError([{ code: 'custom', path: [`MediaUrl${n}`], message: `missing (NumMedia is ${count})`, input: form }]);
    const type = form[`MediaContentType${n}`]?.trim().toLowerCase() || undefined;
    media.push({ kind: kindOf(type), ref, ...(type ? { mimeType: type } : {}) });
  }
  return media;
}

/**
 * `callbackQuery` is the query string of the URL Twilio posted to: a status callback of ours
 * names our message there (`?messageId=`, set by ./outbound.ts), signed with the rest of the URL.
 */
export function parseTwilio(form: Record<string, string>, now: Date, callbackQuery: URLSearchParams = new URLSearchParams()): ParsedWebhook {
  const f = TwilioForm.parse(form);
  const sid = f.MessageSid ?? f.SmsSid;
  if (!sid) throw new z.ZodError([{ code: 'custom', path: ['MessageSid'], message: 'missing', input: form }]);
  if (f.MessageStatus && f.Body === undefined) {
    const status = statusOf.get(f.MessageStatus);
    // queued, accepted, sending: nothing has reached the contact yet, so nothing to record.
    if (!status) return { messages: [], updates: [] };
    const code = f.ErrorCode ?? 'unknown';
    // Coded like a refusal of the send itself, so the thread explains both alike (./errors.ts).
    const error = status === 'failed' ? { code: `twilio.${code}`, message: errorText.get(code) ?? `Twilio error ${code}` } : null;
    const messageId = OurMessageId.safeParse(callbackQuery.get('messageId'));
    return {
      messages: [],
      updates: [{ providerMessageId: sid, ...(messageId.success ? { messageId: messageId.data } : {}), status, at: now, error, revokesConsent: f.ErrorCode === '21610' }],
    };
  }
  if (!f.From) throw new z.ZodError([{ code: 'custom', path: ['From'], message: 'missing', input: form }]);
  const media = mediaOf(form, f.NumMedia ?? 0);
  const text = f.Body?.trim() ?? '';
  // A picture with no words has an empty body; an SMS with neither says so.
  const body = media.length > 0 ? text : text || '[empty message]';
  return {
    messages: [
      {
        providerMessageId: sid,
        externalId: f.From,
        contactName: null,
        contactPhone: f.From,
        body,
        sentAt: now,
        echo: false,
        consent: consentOf(f.OptOutType, text),
        ...(media.length > 0 ? { media } : {}),
        ...(asksHelp(f.OptOutType, text) ? { help: true } : {}),
      },
    ],
    updates: [],
  };
}
