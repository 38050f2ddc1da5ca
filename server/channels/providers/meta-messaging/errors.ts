import type { Locale } from '@/i18n/messages';
import { metaCommonErrors, retried } from '../meta-errors';

/*
 * Messenger and Instagram Send API refusals (SPEC §13: Instagram's are Messenger's) in our own
 * words, in both languages, by the code the delivery worker stores (`messenger.<code>`,
 * `instagram.<code>`). Pure data.
 */

type Explanation = Record<Locale, string>;

/** Graph's permission errors are the codes 200 to 299: each means the same to a person. */
const PERMISSION_CODES = Array.from({ length: 100 }, (_, i) => 200 + i);

function errorsOf(provider: 'messenger' | 'instagram', product: string): Record<string, Explanation> {
  const permission: Explanation = {
    es: `Meta no da permiso a la aplicación para enviar por esta cuenta de ${product}: un administrador debe revisar los permisos (por ejemplo, de mensajería) en Meta.`,
    en: `Meta does not let the app send through this ${product} account: an admin must check its permissions (messaging, for example) at Meta.`,
  };
  return {
    ...metaCommonErrors(provider, product),
    ...Object.fromEntries(PERMISSION_CODES.map((code) => [`${provider}.${code}`, permission])),
    [`${provider}.10`]: {
      es: 'Fuera del plazo que Meta permite: 24 h desde el último mensaje del contacto (7 días para una persona con la etiqueta de agente humano). Espera a que vuelva a escribir.',
      en: "Outside the time Meta allows: 24 h since the contact's last message (7 days for a person using the human agent tag). Wait until they write again.",
    },
    [`${provider}.551`]: {
      es: 'Esta persona no está disponible ahora mismo (puede que haya bloqueado la cuenta o desactivado la suya).',
      en: 'This person is not available right now (they may have blocked the account or deactivated theirs).',
    },
    [`${provider}.613`]: retried('Se superó el límite de envíos por segundo de Meta.', "Meta's limit of sends per second was exceeded."),
  };
}

export const messengerErrors = errorsOf('messenger', 'Messenger');
export const instagramErrors = errorsOf('instagram', 'Instagram');
