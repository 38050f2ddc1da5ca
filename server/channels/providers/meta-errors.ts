import type { Locale } from '@/i18n/messages';
// The Meta providers, by name: spelt out here, so these explanations stay pure data.
type MetaProvider = 'whatsapp' | 'messenger' | 'instagram';

/*
 * What the failures every Meta product shares mean, in our words and both languages: the token
 * error, Graph's generic codes, and Cadence's own codes for an answer that is not Meta's (see
 * ./meta-graph.ts). Each provider's errors.ts adds its own codes to these. Pure data.
 */

type Explanation = Record<Locale, string>;

/** A transient failure, shown only once Cadence gave up retrying it. */
export const retried = (es: string, en: string): Explanation => ({
  es: `${es} Cadence lo reintentó varias veces sin éxito; puedes volver a intentarlo.`,
  en: `${en} Cadence retried it several times without luck; you can try again.`,
});

export function metaCommonErrors(provider: MetaProvider, product: string): Record<string, Explanation> {
  return {
    [`${provider}.190`]: {
      es: `El token de acceso del canal de ${product} caducó o fue revocado: un responsable debe sustituirlo. Los mensajes del canal esperan hasta entonces.`,
      en: `The ${product} channel's access token expired or was revoked: a manager must replace it. The channel's messages wait until then.`,
    },
    [`${provider}.credentials`]: {
      es: `Al canal de ${product} le faltan credenciales: un responsable debe completarlas.`,
      en: `The ${product} channel is missing credentials: a manager must fill them in.`,
    },
    [`${provider}.1`]: retried('Meta tuvo un error desconocido.', 'Meta had an unknown error.'),
    [`${provider}.2`]: retried('El servicio de Meta no estaba disponible.', "Meta's service was unavailable."),
    [`${provider}.4`]: retried('La aplicación superó el límite de llamadas de Meta.', "The app went over Meta's call limit."),
    [`${provider}.unavailable`]: retried('No se pudo contactar con Meta o no respondió bien.', 'Meta could not be reached or did not answer properly.'),
    [`${provider}.throttled`]: retried('Meta pidió esperar: demasiados envíos seguidos.', 'Meta asked to slow down: too many sends in a row.'),
    [`${provider}.unreadable`]: {
      es: 'Meta rechazó el mensaje con una respuesta que Cadence no sabe leer; el detalle muestra lo que dijo.',
      en: 'Meta refused the message with an answer Cadence cannot read; the detail shows what it said.',
    },
  };
}
