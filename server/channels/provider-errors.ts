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

/** The explanation of a failure code in `locale`, or null when there is none (the provider's own words are shown). */
export const explainFailure = (code: string | null, locale: Locale): string | null => (code ? (providerErrors[code]?.[locale] ?? null) : null);
