import type { Locale } from '@/i18n/messages';

/** What Twilio's refusals mean, in our words (codes as ./outbound.ts and the status callbacks store them). */
export const twilioErrors: Record<string, Record<Locale, string>> = {
  'twilio.21610': {
    es: 'Este número se dio de baja (STOP): no se le puede escribir hasta que envíe START; solo puede volver a escribirte él primero.',
    en: 'This number has opted out (STOP): nothing can be sent until they text START; only they can write first.',
  },
  'twilio.21211': { es: 'El número de teléfono no es válido.', en: 'The phone number is not valid.' },
  'twilio.21614': { es: 'El número no es un móvil: no puede recibir SMS.', en: 'The number is not a mobile: it cannot receive SMS.' },
  'twilio.30005': { es: 'El número no existe o ya no está activo.', en: 'The number does not exist or is no longer active.' },
  'twilio.30006': {
    es: 'El número es un fijo o su operador no acepta SMS.',
    en: 'The number is a landline, or its carrier does not take SMS.',
  },
  'twilio.30007': {
    es: 'El operador filtró el mensaje como spam. Cambia el texto o registra el remitente.',
    en: 'The carrier filtered the message as spam. Change the wording or register the sender.',
  },
  'twilio.30003': {
    es: 'El teléfono no estaba localizable (apagado o sin cobertura) tras varios intentos.',
    en: 'The phone could not be reached (off or out of coverage) after several attempts.',
  },
  'twilio.20429': {
    es: 'Twilio rechazaba envíos por exceso de peticiones y los reintentos se agotaron.',
    en: 'Twilio kept refusing for too many requests and the retries ran out.',
  },
  'twilio.14107': {
    es: 'Demasiadas respuestas a este número en poco tiempo; los reintentos se agotaron.',
    en: 'Too many replies to this number in a short time; the retries ran out.',
  },
  'twilio.20003': {
    es: 'Twilio no aceptó el Account SID o el Auth Token del canal: sustitúyelos en Ajustes → Canales.',
    en: "Twilio refused the channel's Account SID or Auth Token: replace them under Settings → Channels.",
  },
  'twilio.20404': {
    es: 'Twilio no encuentra la cuenta del canal: revisa el Account SID en Ajustes → Canales.',
    en: "Twilio cannot find the channel's account: check the Account SID under Settings → Channels.",
  },
  'twilio.unreachable': { es: 'No se pudo conectar con Twilio tras varios intentos.', en: 'Twilio could not be reached after several attempts.' },
};
