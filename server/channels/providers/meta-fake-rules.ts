/*
 * What the fake Graph API (./meta-fake.ts) checks in a send, as Meta checks it, and the titles
 * Meta gives its error codes. Kept apart from the server so the rules read on their own.
 */

/** A template as `GET /{waba-id}/message_templates` lists it. */
export type FakeTemplate = {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  parameter_format?: 'POSITIONAL' | 'NAMED';
  components: { type: string; format?: string; text?: string; buttons?: { type: string; text: string; url?: string }[] }[];
};

/** Meta's own titles of the codes SPEC §13 names (and the few the fake itself answers). */
export const metaErrorTitles: Record<number, string> = {
  1: 'An unknown error occurred',
  2: 'Service temporarily unavailable',
  4: 'Application request limit reached',
  10: 'This message is sent outside of allowed window.',
  100: 'Invalid parameter',
  190: 'Error validating access token: Session has expired.',
  200: 'Requires pages_messaging permission to manage the object',
  368: 'Temporarily blocked for policies violations',
  551: "This person isn't available right now.",
  613: 'Calls to this api have exceeded the rate limit.',
  80007: 'Rate limit issues',
  130429: 'Rate limit hit',
  131000: 'Something went wrong',
  131016: 'Service unavailable',
  131026: 'Message Undeliverable',
  131031: 'Account has been locked',
  131047: 'Re-engagement message',
  131048: 'Spam rate limit hit',
  131049: 'This message was not delivered to maintain healthy ecosystem engagement.',
  131053: 'Media upload error',
  131056: '(Business Account, Consumer Account) pair rate limit hit',
  132000: 'Number of parameters does not match the expected number of params',
  132001: 'Template name does not exist in the translation',
};

/** The sentence WhatsApp adds in `error_data.details` for some codes. */
export const whatsappErrorDetails: Record<number, string> = {
  131047: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  130429: 'Cloud API message throughput has been reached.',
  131056: 'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
};

export type Refusal = { code: number; message: string; status?: number; subcode?: number };

type Parameter = { type?: string; text?: string; parameter_name?: string };
type SendComponent = { type?: string; sub_type?: string; index?: string; parameters?: Parameter[] };

const placeholders = (text: string | undefined) => [...(text ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!);
const invalid = (message: string): Refusal => ({ code: 100, message: `(#100) ${message}` });
const parameterCount = (): Refusal => ({ code: 132000, message: `(#132000) ${metaErrorTitles[132000]}` });

/** Whether a component's parameters fill exactly the placeholders of `text`. */
function fills(text: string | undefined, sent: SendComponent | undefined, named: boolean): boolean {
  const wanted = placeholders(text);
  const given = sent?.parameters ?? [];
  if (given.length !== wanted.length || given.some((p) => p.type !== 'text' || typeof p.text !== 'string')) return false;
  return !named || wanted.every((name) => given.some((p) => p.parameter_name === name));
}

function checkTemplate(template: unknown, known: FakeTemplate[]): Refusal | null {
  const t = template as { name?: string; language?: { code?: string; policy?: string }; components?: SendComponent[] } | undefined;
  if (!t?.name) return invalid("The parameter template['name'] is required.");
  if (!t.language?.code) return invalid("The parameter template['language']['code'] is required.");
  if (t.language.policy !== undefined && t.language.policy !== 'deterministic') return invalid("Param template['language']['policy'] must be 'deterministic'.");
  const found = known.find((k) => k.name === t.name && k.language === t.language!.code && k.status === 'APPROVED');
  if (!found) return { code: 132001, message: `(#132001) ${metaErrorTitles[132001]}`, status: 404 };
  const sent = t.components ?? [];
  const named = found.parameter_format === 'NAMED';
  for (const component of found.components) {
    if (component.type === 'HEADER' && component.format === 'TEXT' && !fills(component.text, sent.find((c) => c.type === 'header'), named)) return parameterCount();
    if (component.type === 'BODY' && !fills(component.text, sent.find((c) => c.type === 'body'), named)) return parameterCount();
    if (component.type === 'BUTTONS') {
      for (const [i, button] of (component.buttons ?? []).entries()) {
        if (button.type !== 'URL' || placeholders(button.url).length === 0) continue;
        const given = sent.find((c) => c.type === 'button' && c.sub_type === 'url' && c.index === String(i));
        if (!fills(button.url, given, false)) return parameterCount();
      }
    }
  }
  return null;
}

const MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'];

/** A media message: an id the number uploaded, a caption only where WhatsApp shows one, a file name only on a document. */
function checkMedia(type: string, media: unknown, uploaded: (id: string) => boolean): Refusal | null {
  const m = media as { id?: unknown; link?: unknown; caption?: unknown; filename?: unknown } | undefined;
  if (typeof m?.id !== 'string' || m.id === '') return invalid(`The parameter ${type}['id'] is required.`);
  if (!uploaded(m.id)) return invalid(`Param ${type}['id'] is not a valid media id.`);
  if (m.caption !== undefined && (!['image', 'video', 'document'].includes(type) || typeof m.caption !== 'string' || m.caption.length > 1024)) {
    return invalid(`Param ${type}['caption'] is not allowed.`);
  }
  if (m.filename !== undefined && type !== 'document') return invalid(`Param ${type}['filename'] is not allowed.`);
  return null;
}

/** `POST /{phone-number-id}/messages`: the checks of the Cloud API, null when it would take the message. `uploaded`: a media id the number uploaded. */
export function validateWhatsAppSend(body: unknown, templates: FakeTemplate[], uploaded: (id: string) => boolean = () => false): Refusal | null {
  const b = body as Record<string, unknown> | null;
  if (b?.messaging_product !== 'whatsapp') return invalid('The parameter messaging_product is required.');
  if (typeof b.to !== 'string' || b.to === '') return invalid('The parameter to is required.');
  if (b.biz_opaque_callback_data !== undefined && (typeof b.biz_opaque_callback_data !== 'string' || b.biz_opaque_callback_data.length > 512)) {
    return invalid('Param biz_opaque_callback_data must be a string of at most 512 characters.');
  }
  if (b.type === 'text') {
    const text = b.text as { body?: unknown } | undefined;
    if (typeof text?.body !== 'string' || text.body === '') return invalid("The parameter text['body'] is required.");
    if (text.body.length > 4096) return invalid("Param text['body'] must be at most 4096 characters long.");
    return null;
  }
  if (b.type === 'template') return checkTemplate(b.template, templates);
  if (typeof b.type === 'string' && MEDIA_TYPES.includes(b.type)) return checkMedia(b.type, b[b.type], uploaded);
  return invalid('Param type must be one of {text, template, image, audio, video, document, sticker}.');
}

const MESSENGER_TAGS = ['HUMAN_AGENT', 'CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE', 'CUSTOMER_FEEDBACK'];

/** `POST /me/messages` of a page (Messenger) or a professional account (Instagram: the human-agent tag only). */
/** What each product takes as an attachment by URL: Instagram sends no files. */
const ATTACHMENT_TYPES = { messenger: ['image', 'audio', 'video', 'file'], instagram: ['image', 'audio', 'video'] };

function checkAttachment(attachment: unknown, product: 'messenger' | 'instagram'): Refusal | null {
  const a = attachment as { type?: unknown; payload?: { url?: unknown; is_reusable?: unknown } } | null;
  if (typeof a?.type !== 'string' || !ATTACHMENT_TYPES[product].includes(a.type)) return invalid(`param message[attachment][type] must be one of {${ATTACHMENT_TYPES[product].join(', ')}}`);
  if (typeof a.payload?.url !== 'string' || !URL.canParse(a.payload.url)) return invalid('param message[attachment][payload][url] must be a valid URL');
  return null;
}

export function validateMessengerSend(body: unknown, product: 'messenger' | 'instagram'): Refusal | null {
  const b = body as { recipient?: { id?: unknown }; message?: { text?: unknown; attachment?: unknown }; messaging_type?: unknown; tag?: unknown } | null;
  if (typeof b?.recipient?.id !== 'string' || b.recipient.id === '') return invalid('param recipient must be non-empty.');
  if (b.message?.attachment !== undefined) {
    if (b.message.text !== undefined) return invalid('param message must have either text or attachment, not both');
    const refusal = checkAttachment(b.message.attachment, product);
    if (refusal) return refusal;
  } else {
    if (typeof b.message?.text !== 'string' || b.message.text === '') return invalid('Must send either message or sender action');
    if (b.message.text.length > 2000) return invalid('Length of param message[text] must be less than or equal to 2000');
  }
  if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(String(b.messaging_type))) return invalid('param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}');
  if (b.messaging_type === 'MESSAGE_TAG') {
    const allowed = product === 'instagram' ? ['HUMAN_AGENT'] : MESSENGER_TAGS;
    if (typeof b.tag !== 'string' || !allowed.includes(b.tag)) return invalid(`Param tag must be one of {${allowed.join(', ')}}`);
  } else if (b.tag !== undefined) {
    return invalid('Param tag is only allowed with messaging_type MESSAGE_TAG');
  }
  return null;
}
