import type { Locale } from '@/i18n/messages';
import { instagramErrors, messengerErrors } from './providers/meta-messaging/errors';
import { whatsappErrors } from './providers/whatsapp/errors';
import { lineErrors } from './providers/line/errors';
import { telegramErrors } from './providers/telegram/errors';
import { twilioErrors } from './providers/twilio/errors';
import { viberErrors } from './providers/viber/errors';
import { wechatErrors } from './providers/wechat/errors';

/*
 * What a provider's refusal means, in words a person can act on, in both languages. Codes are
 * `<provider>.<the provider's own code>` (what the delivery worker stores as the message's
 * `errorCode`), plus Cadence's own for failures that are not a provider's answer. Pure and
 * browser-safe: the thread explains a failed message from its code.
 */

export type Explanation = Record<Locale, string>;

/** A file of the message lost its bytes from storage (deleted from DATA_DIR/files or the bucket): failed for good, before any part went. */
export const FILE_MISSING = 'FILE_MISSING';

/** The state reason of a channel whose webhook the provider has not been told yet. */
export const WEBHOOK_NOT_REGISTERED = 'WEBHOOK_NOT_REGISTERED';

const cadence: Record<string, Explanation> = {
  NO_RECIPIENT: { es: 'El contacto no tiene dirección en este canal.', en: 'The contact has no address on this channel.' },
  NO_ADAPTER: { es: 'Este canal aún no puede enviar a su proveedor.', en: 'This channel cannot deliver to its provider yet.' },
  GAVE_UP: {
    es: 'El proveedor no respondió bien tras varios intentos durante horas. Puedes reintentarlo.',
    en: 'The provider kept failing after several attempts over hours. You can retry it.',
  },
  UNKNOWN: {
    es: 'Estado desconocido: la conexión se cortó tras enviar. Compruébalo antes de reenviar.',
    en: 'Unknown — the connection dropped after sending. Check before resending.',
  },
  // Shown only when the detail does not name the files (explainFailure names them when it does).
  [FILE_MISSING]: {
    es: 'No se envió nada: un archivo adjunto ya no está guardado en Cadence. Adjúntalo de nuevo y envía el mensaje otra vez.',
    en: 'Nothing was sent: an attached file is no longer stored in Cadence. Attach it again and send the message anew.',
  },
  CHANNEL_DISABLED: { es: 'El canal está desactivado.', en: 'The channel is disabled.' },
  // A channel's state reason while Cadence registers its webhook (Telegram, Viber), and after a process died mid-way.
  [WEBHOOK_NOT_REGISTERED]: {
    es: 'Cadence no terminó de indicar al proveedor adónde enviar los mensajes. Sustituye las credenciales para intentarlo de nuevo.',
    en: 'Cadence did not finish telling the provider where to send messages. Replace the credentials to try again.',
  },
  CREDENTIALS_MISSING: {
    es: 'Al canal le faltan credenciales del proveedor: complétalas en Ajustes → Canales.',
    en: 'The channel is missing provider credentials: fill them in under Settings → Channels.',
  },
};

export const providerErrors: Record<string, Explanation> = {
  ...cadence,
  ...whatsappErrors,
  ...messengerErrors,
  ...instagramErrors,
  ...twilioErrors,
  ...telegramErrors,
  ...lineErrors,
  ...viberErrors,
  ...wechatErrors,
};

const FILE_MISSING_LEAD = 'No longer in storage, so nothing was sent; attach again: ';

/**
 * The stored detail of FILE_MISSING: the files' names as a JSON list after a fixed lead, so the
 * explanation can name them in the reader's language (and a program can read them).
 */
export const fileMissingDetail = (fileNames: string[]) => `${FILE_MISSING_LEAD}${JSON.stringify(fileNames)}`;

function missingNames(detail: string | null | undefined): string[] | null {
  if (!detail?.startsWith(FILE_MISSING_LEAD)) return null;
  try {
    const names: unknown = JSON.parse(detail.slice(FILE_MISSING_LEAD.length));
    return Array.isArray(names) && names.length > 0 && names.every((n) => typeof n === 'string') ? names : null;
  } catch {
    return null;
  }
}

function explainFileMissing(names: string[], locale: Locale): string {
  const list = names.map((n) => (locale === 'es' ? `«${n}»` : `"${n}"`)).join(', ');
  if (names.length === 1) {
    return locale === 'es'
      ? `No se envió nada: el archivo ${list} ya no está guardado en Cadence. Adjúntalo de nuevo y envía el mensaje otra vez.`
      : `Nothing was sent: the file ${list} is no longer stored in Cadence. Attach it again and send the message anew.`;
  }
  return locale === 'es'
    ? `No se envió nada: los archivos ${list} ya no están guardados en Cadence. Adjúntalos de nuevo y envía el mensaje otra vez.`
    : `Nothing was sent: the files ${list} are no longer stored in Cadence. Attach them again and send the message anew.`;
}

/**
 * The explanation of a failure code in `locale`, or null when there is none (the provider's own
 * words are shown). `detail`, the stored error message, names the files of FILE_MISSING.
 */
export function explainFailure(code: string | null, locale: Locale, detail?: string | null): string | null {
  if (!code) return null;
  const names = code === FILE_MISSING ? missingNames(detail) : null;
  if (names) return explainFileMissing(names, locale);
  return providerErrors[code]?.[locale] ?? null;
}
