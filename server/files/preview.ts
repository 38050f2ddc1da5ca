import type { ATTACHMENT_KINDS } from '@/db/schema/values';

/*
 * What the inbox row shows for a message with no text of its own: a sign for each thing it
 * attached, in no language (the row is stored once for readers of both), with a file's or a
 * place's name where there is one. Pure.
 */
type Kind = (typeof ATTACHMENT_KINDS)[number];
export const MEDIA_SIGNS: Record<Kind, string> = { image: '📷', sticker: '🏷️', audio: '🎤', video: '🎬', document: '📄', location: '📍', contact: '👤' };

/** An attachment as the preview reads it: inbound media, an upload, an attachment's row. */
export type Previewed = { kind: Kind; fileName?: string | null; name?: string | null };

export function mediaPreview(media: readonly Previewed[]): string {
  return media
    .map((m) => {
      const name = m.kind === 'location' || m.kind === 'contact' ? m.name : m.fileName;
      return name ? `${MEDIA_SIGNS[m.kind]} ${name}` : MEDIA_SIGNS[m.kind];
    })
    .join(' ');
}
