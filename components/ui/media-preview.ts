import type { MessageKey } from '@/i18n/messages';
import { MEDIA_SIGNS } from '@/server/files/preview';

type Translate = (key: MessageKey) => string;

const kindOfSign = new Map(Object.entries(MEDIA_SIGNS).map(([kind, sign]) => [sign, kind as keyof typeof MEDIA_SIGNS]));
const signs = [...kindOfSign.keys()].join('|');
/** A stored preview of files alone ("📷", "→ 🎤 📄 receta.pdf"): its signs, each maybe with a name. */
const FILES_ONLY = new RegExp(`^(?:[←→] )?(?:${signs})`, 'u');
const BARE_SIGN = new RegExp(`(${signs})(?=\\s+(?:${signs})|$)`, 'gu');

/**
 * The stored preview of a message of files alone is signs and names in no language; the reader
 * gets a word for each sign that has no name after it: "📷" → "📷 Foto", "🎤" → "🎤 Voice note".
 */
export function labelledPreview(text: string, t: Translate): string {
  if (!FILES_ONLY.test(text)) return text;
  return text.replace(BARE_SIGN, (sign) => `${sign} ${t(`preview.${kindOfSign.get(sign)!}`)}`);
}
