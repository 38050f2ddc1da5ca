import { OUTBOUND_FILE_KINDS, type CHANNEL_KINDS } from '@/db/schema/values';

type ChannelKind = (typeof CHANNEL_KINDS)[number];

/*
 * What each channel takes outbound (SPEC §14's table), as pure rules: the server checks a send
 * with them and the composer refuses with them before uploading. Each file is also held to the
 * workspace's own cap, whatever the channel allows.
 */

/** What a file is sent as. Stickers go as images; locations and contact cards are not files. */
export type OutboundKind = (typeof OUTBOUND_FILE_KINDS)[number];

/** A file about to go: its sniffed type, its size in bytes and what it goes as. */
export type OutboundFile = { mimeType: string; size: number; kind: OutboundKind };

export const REFUSAL_CODES = ['KIND_NOT_ACCEPTED', 'TYPE_NOT_ACCEPTED', 'TOO_LARGE', 'MESSAGE_TOO_LARGE', 'TOO_MANY_FILES'] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/**
 * Why a file or a message may not go, with the facts a reader needs in any language: the
 * limit in bytes, the types the channel takes of that kind.
 */
export type Refusal = { code: RefusalCode; reason: string; limit?: number; accepted?: readonly string[] };

const MB = 1024 * 1024;

/** The most files one message carries, on any channel. */
export const MAX_ATTACHMENTS = 10;

/** One kind on one channel: the types it takes (`any` of the kind), up to `max` bytes (`cap`: the workspace's). */
type KindRule = { types: readonly string[] | 'any'; max: number | 'cap' };
type ChannelRules = {
  name: string;
  kinds: Partial<Record<OutboundKind, KindRule>>;
  /** A cap on the whole message's files (Twilio MMS: 5 MB in all). */
  perMessage?: { max: number };
  maxFiles?: number;
};

const JPEG_PNG = ['image/jpeg', 'image/png'];
const JPEG_PNG_GIF = ['image/jpeg', 'image/png', 'image/gif'];
/** Word, Excel, PowerPoint (old and new) and plain text: what WhatsApp lists as documents besides PDF. */
const OFFICE_TEXT = [
  'application/pdf',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/x-cfb',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'text/plain',
];
const ANYTHING: ChannelRules['kinds'] = { image: { types: 'any', max: 'cap' }, audio: { types: 'any', max: 'cap' }, video: { types: 'any', max: 'cap' }, document: { types: 'any', max: 'cap' } };

const meta = (name: string, documents: boolean): ChannelRules => ({
  name,
  kinds: {
    image: { types: JPEG_PNG_GIF, max: 8 * MB },
    audio: { types: 'any', max: 25 * MB },
    video: { types: 'any', max: 25 * MB },
    ...(documents ? { document: { types: 'any', max: 25 * MB } } : {}),
  },
});

const RULES: Record<ChannelKind, ChannelRules> = {
  whatsapp: {
    name: 'WhatsApp',
    kinds: {
      image: { types: JPEG_PNG, max: 5 * MB },
      // OGG only with Opus inside (a voice note); Vorbis is refused.
      audio: { types: ['audio/aac', 'audio/mp4', 'audio/x-m4a', 'audio/mpeg', 'audio/amr', 'audio/ogg; codecs=opus'], max: 16 * MB },
      video: { types: ['video/mp4', 'video/3gpp'], max: 16 * MB },
      document: { types: OFFICE_TEXT, max: 100 * MB },
    },
  },
  messenger: meta('Messenger', true),
  instagram: meta('Instagram', false),
  sms: { name: 'SMS/MMS', kinds: { image: { types: JPEG_PNG_GIF, max: 5 * MB } }, perMessage: { max: 5 * MB }, maxFiles: 10 },
  telegram: {
    name: 'Telegram',
    kinds: { image: { types: 'any', max: 10 * MB }, audio: { types: 'any', max: 50 * MB }, video: { types: 'any', max: 50 * MB }, document: { types: 'any', max: 50 * MB } },
  },
  line: {
    name: 'LINE',
    kinds: { image: { types: JPEG_PNG, max: 10 * MB }, audio: { types: ['audio/mp4', 'audio/x-m4a'], max: 200 * MB }, video: { types: ['video/mp4'], max: 200 * MB } },
  },
  viber: { name: 'Viber', kinds: { image: { types: JPEG_PNG, max: 'cap' }, document: { types: 'any', max: 200 * MB } } },
  wechat: { name: 'WeChat', kinds: { image: { types: JPEG_PNG, max: 'cap' } } },
  webchat: { name: 'web chat', kinds: ANYTHING },
  email: { name: 'email', kinds: ANYTHING },
  sandbox: { name: 'sandbox', kinds: ANYTHING },
};

/** `audio/ogg;codecs=opus` and `Audio/OGG; codecs=opus` are one type. */
const normalType = (mimeType: string) =>
  mimeType
    .toLowerCase()
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .join('; ');

/** What a sniffed type goes out as. */
export function outboundKindOf(mimeType: string): OutboundKind {
  const type = normalType(mimeType);
  if (type.startsWith('image/') && type !== 'image/svg+xml') return 'image';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  return 'document';
}

export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${Math.round((bytes / MB) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** What a file on this channel is held to, the workspace's cap included: its types, its largest size. */
function limitFor(channel: ChannelKind, kind: OutboundKind, fileSizeCap: number): { types: readonly string[] | 'any'; max: number } | null {
  const rule = RULES[channel].kinds[kind];
  if (!rule) return null;
  return { types: rule.types, max: rule.max === 'cap' ? fileSizeCap : Math.min(rule.max, fileSizeCap) };
}

/** Whether this channel takes this file, or why not. */
export function fileRefusal(channel: ChannelKind, file: OutboundFile, fileSizeCap: number): Refusal | null {
  const name = RULES[channel].name;
  const limit = limitFor(channel, file.kind, fileSizeCap);
  if (!limit) {
    const kinds = OUTBOUND_FILE_KINDS.filter((k) => RULES[channel].kinds[k]);
    return { code: 'KIND_NOT_ACCEPTED', reason: `${name} does not take ${file.kind} files${kinds.length ? ` (only ${kinds.join(', ')})` : ''}`, accepted: kinds };
  }
  if (limit.types !== 'any' && !limit.types.includes(normalType(file.mimeType))) {
    return { code: 'TYPE_NOT_ACCEPTED', reason: `${name} takes ${file.kind} files as ${limit.types.join(', ')} only, not ${file.mimeType}`, accepted: limit.types };
  }
  if (file.size > limit.max) {
    return { code: 'TOO_LARGE', reason: `${name} takes ${file.kind} files up to ${formatBytes(limit.max)}; this one is ${formatBytes(file.size)}`, limit: limit.max };
  }
  return null;
}

/** The message's files together: each one, then what the channel allows for all of them at once. */
export function messageRefusal(channel: ChannelKind, files: readonly OutboundFile[], fileSizeCap: number): { index: number | null; refusal: Refusal } | null {
  for (const [index, file] of files.entries()) {
    const refusal = fileRefusal(channel, file, fileSizeCap);
    if (refusal) return { index, refusal };
  }
  const rules = RULES[channel];
  if (rules.maxFiles && files.length > rules.maxFiles) {
    return { index: null, refusal: { code: 'TOO_MANY_FILES', reason: `${rules.name} takes at most ${rules.maxFiles} files in one message`, limit: rules.maxFiles } };
  }
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (rules.perMessage && total > rules.perMessage.max) {
    return {
      index: null,
      refusal: { code: 'MESSAGE_TOO_LARGE', reason: `${rules.name} takes up to ${formatBytes(rules.perMessage.max)} of files in one message; these are ${formatBytes(total)}`, limit: rules.perMessage.max },
    };
  }
  return null;
}
