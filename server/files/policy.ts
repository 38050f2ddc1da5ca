import type { ATTACHMENT_KINDS } from '@/db/schema/values';

/*
 * The rules of SPEC §14 about files, as pure functions: how large a download may be, what a
 * sniffed type is served as, and which bytes a Range asks for.
 */

export const DEFAULT_FILE_SIZE_CAP_MB = 25;
const MB = 1024 * 1024;

/** The largest file a workspace takes, in bytes (its `fileSizeCapMb` setting, 25 MB by default). */
export function fileSizeCap(settings: { fileSizeCapMb?: number }): number {
  const mb = settings.fileSizeCapMb;
  return (mb && mb > 0 ? mb : DEFAULT_FILE_SIZE_CAP_MB) * MB;
}

/** What a browser may show in the page; anything else (HTML, SVG, scripts, archives…) is only ever downloaded. */
const INLINE = /^(image\/(jpeg|png|gif|webp|avif|bmp|heic|heif)|audio\/[\w.+-]+|video\/[\w.+-]+|application\/pdf)$/;

export function servedInline(mimeType: string): boolean {
  // `audio/ogg; codecs=opus` is audio: parameters do not change what a type is.
  return INLINE.test(mimeType.split(';')[0]!.trim().toLowerCase());
}

type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/**
 * What a downloaded file is, once its bytes were sniffed: the kind the provider named, unless the
 * bytes say otherwise (an HTML page sent as a WhatsApp image is a document, and is never shown
 * as a picture). A document stays a document whatever it holds; places and people hold no file.
 */
export function sniffedKind(named: AttachmentKind, mimeType: string): AttachmentKind {
  const type = mimeType.split(';')[0]!.trim().toLowerCase();
  const image = type.startsWith('image/') && type !== 'image/svg+xml';
  if (named === 'image' || named === 'sticker') return image ? named : 'document';
  if (named === 'audio' || named === 'video') return type.startsWith(`${named}/`) || (named === 'audio' && type === 'video/mp4') ? named : 'document';
  return named;
}

/** `inline` or `attachment`, with the file's name in both the plain and the RFC 5987 form. */
export function contentDisposition(mimeType: string, fileName: string | null): string {
  const how = servedInline(mimeType) ? 'inline' : 'attachment';
  if (!fileName) return how;
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${how}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * A type for bytes file-type does not know (it reads binary signatures only): markup is named as
 * such so it is never shown inline, other UTF-8 text is text/plain, and the rest is opaque.
 */
export function textType(head: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.min(head.length, 4096)), { stream: true });
  } catch {
    return 'application/octet-stream';
  }
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) return 'application/octet-stream';
  const start = text.replace(/^\ufeff/, '').trimStart().slice(0, 256).toLowerCase();
  if (/^<svg\b/.test(start) || (/^<\?xml\b/.test(start) && start.includes('<svg'))) return 'image/svg+xml';
  if (/^<(!doctype html|html|head|body|script|iframe|div|p\b|a\b|img)/.test(start)) return 'text/html';
  if (/^<\?xml\b/.test(start)) return 'application/xml';
  return 'text/plain';
}

/**
 * The bytes a `Range` header asks of a file of `size` bytes: one range (`bytes=a-b`, `a-`, `-n`),
 * or null for the whole file (no header, or a form this server does not serve: several ranges),
 * or `unsatisfiable` (416).
 */
export function requestedRange(header: string | null, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
