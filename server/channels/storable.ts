import type { DeliveryUpdate, InboundMedia, InboundMessage, ParsedWebhook, TemplateStatusUpdate } from './inbound';

/*
 * What PostgreSQL can store of a provider's message, decided before anything is written: a
 * message that fails on the database fails on every retry, so it must never reach it in a shape
 * PostgreSQL refuses. Pure: the arrival time is passed in.
 */

/** No provider sent a message before 2009 (WhatsApp itself dates from then): an earlier time is a broken clock. */
export const EARLIEST_SENT_AT = new Date('2009-01-01T00:00:00Z');
/** How far ahead of our clock a provider's may run before its time is not believed. */
export const MAX_CLOCK_AHEAD_MS = 10 * 60 * 1000;

/**
 * Text without what PostgreSQL refuses in `text` and `jsonb`: NUL, and UTF-16 halves of a
 * character with the other half missing (they have no UTF-8 form).
 */
export function storableText(text: string): string {
  return text.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

/**
 * The provider's time when it is believable, otherwise the arrival time, flagged: windows and
 * deadlines start at `sentAt`, and a time in year 0 or 9999 (or none: `Invalid Date`) would
 * break them and their tables.
 */
export function believableSentAt(sentAt: Date, arrivedAt: Date): { sentAt: Date; fromArrival: boolean } {
  const t = sentAt.getTime();
  const believable = Number.isFinite(t) && t >= EARLIEST_SENT_AT.getTime() && t <= arrivedAt.getTime() + MAX_CLOCK_AHEAD_MS;
  return believable ? { sentAt, fromArrival: false } : { sentAt: arrivedAt, fromArrival: true };
}

const cleanOrNull = (text: string | null) => (text === null ? null : storableText(text));
const cleanOptional = (text: string | undefined) => (text === undefined ? undefined : storableText(text));

/** An attachment's texts (caption, file name, a place's or a person's name) made storable like the body. */
function storableMedia(media: InboundMedia): InboundMedia {
  if (media.kind === 'contact') return { ...media, name: storableText(media.name), phones: media.phones.map(storableText) };
  if (media.kind === 'location') return { ...media, name: cleanOptional(media.name), address: cleanOptional(media.address) };
  return { ...media, ref: storableText(media.ref), mimeType: cleanOptional(media.mimeType), fileName: cleanOptional(media.fileName), caption: cleanOptional(media.caption) };
}

export function storableMessage(m: InboundMessage, arrivedAt: Date): InboundMessage {
  const { sentAt, fromArrival } = believableSentAt(m.sentAt, arrivedAt);
  return {
    ...m,
    providerMessageId: storableText(m.providerMessageId),
    externalId: storableText(m.externalId),
    contactName: cleanOrNull(m.contactName),
    contactPhone: cleanOrNull(m.contactPhone),
    body: storableText(m.body),
    ...(m.media ? { media: m.media.map(storableMedia) } : {}),
    sentAt,
    ...(fromArrival ? { sentAtFromArrival: true } : {}),
  };
}

export function storableUpdate(u: DeliveryUpdate, arrivedAt: Date): DeliveryUpdate {
  return {
    ...u,
    providerMessageId: storableText(u.providerMessageId),
    at: believableSentAt(u.at, arrivedAt).sentAt,
    error: u.error ? { code: storableText(u.error.code), message: storableText(u.error.message) } : null,
  };
}

const storableTemplateUpdate = (t: TemplateStatusUpdate): TemplateStatusUpdate => ({
  metaId: storableText(t.metaId),
  name: storableText(t.name),
  language: storableText(t.language),
  event: storableText(t.event),
});

/** Every text and time of every provider's parsed webhook, made storable (one place for all of them). */
export function storableWebhook(parsed: ParsedWebhook, arrivedAt: Date): ParsedWebhook {
  return {
    messages: parsed.messages.map((m) => storableMessage(m, arrivedAt)),
    updates: parsed.updates.map((u) => storableUpdate(u, arrivedAt)),
    ...(parsed.templates ? { templates: parsed.templates.map(storableTemplateUpdate) } : {}),
  };
}
