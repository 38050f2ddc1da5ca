import type { Locale } from '@/i18n/messages';

/** What LINE's refusals mean, in our words (codes as ./outbound.ts stores them). */
export const lineErrors: Record<string, Record<Locale, string>> = {
  'line.400': {
    es: 'LINE rechazó el mensaje por no ser válido (destinatario o contenido).',
    en: 'LINE refused the message as invalid (its recipient or its content).',
  },
  'line.403': {
    es: 'LINE no permite a este canal enviar este mensaje (plan o permisos de la cuenta).',
    en: "LINE does not allow this channel to send it (the account's plan or permissions).",
  },
  'line.401': {
    es: 'LINE no acepta el token de acceso del canal: sustitúyelo en Ajustes → Canales.',
    en: "LINE does not accept the channel's access token: replace it under Settings → Channels.",
  },
  'line.429': {
    es: 'LINE rechazaba envíos (límite de velocidad o cuota mensual agotada) y los reintentos se agotaron.',
    en: 'LINE kept refusing (rate limit, or the monthly quota used up) and the retries ran out.',
  },
  'line.server_error': { es: 'LINE falló una y otra vez y los reintentos se agotaron.', en: 'LINE kept failing and the retries ran out.' },
  'line.unreachable': { es: 'No se pudo conectar con LINE tras varios intentos.', en: 'LINE could not be reached after several attempts.' },
};
