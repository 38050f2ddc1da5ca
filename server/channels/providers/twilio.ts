import { z } from 'zod';
import type { DeliveryUpdate, InboundMessage, ParsedWebhook } from '../inbound';

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

export function parseTwilio(form: Record<string, string>, now: Date): ParsedWebhook {
  const f = TwilioForm.parse(form);
  const sid = f.MessageSid ?? f.SmsSid;
  if (!sid) throw new z.ZodError([{ code: 'custom', path: ['MessageSid'], message: 'missing', input: form }]);
  if (f.MessageStatus && f.Body === undefined) {
    const status = statusOf.get(f.MessageStatus);
    // queued, accepted, sending: nothing has reached the contact yet, so nothing to record.
    if (!status) return { messages: [], updates: [] };
    const error = status === 'failed' ? { code: f.ErrorCode ?? 'unknown', message: errorText.get(f.ErrorCode ?? '') ?? `Twilio error ${f.ErrorCode ?? 'unknown'}` } : null;
    return { messages: [], updates: [{ providerMessageId: sid, status, at: now, error, revokesConsent: f.ErrorCode === '21610' }] };
  }
  if (!f.From) throw new z.ZodError([{ code: 'custom', path: ['From'], message: 'missing', input: form }]);
  const media = f.NumMedia ?? 0;
  const text = f.Body?.trim() ?? '';
  const body = media > 0 ? [text, `[${media} media]`].filter(Boolean).join('\n') : text || '[empty message]';
  return {
    messages: [{ providerMessageId: sid, externalId: f.From, contactName: null, contactPhone: f.From, body, sentAt: now, echo: false, consent: consentOf(f.OptOutType, text) }],
    updates: [],
  };
}
