import type { Locale } from '@/i18n/messages';

/** What Telegram's refusals mean, in our words (codes as ./outbound.ts stores them). */
export const telegramErrors: Record<string, Record<Locale, string>> = {
  'telegram.403': {
    es: 'El contacto bloqueó el bot o nunca lo inició: tiene que escribirle primero.',
    en: 'The contact blocked the bot or never started it: they have to write to it first.',
  },
  'telegram.chat_not_found': {
    es: 'Telegram no conoce este chat: el contacto tiene que iniciar el bot primero.',
    en: 'Telegram does not know this chat: the contact has to start the bot first.',
  },
  'telegram.400': {
    es: 'Telegram rechazó el mensaje por no ser válido (vacío o demasiado largo, por ejemplo).',
    en: 'Telegram refused the message as invalid (empty or too long, for example).',
  },
  'telegram.401': {
    es: 'Telegram no acepta el token del bot: sustitúyelo en Ajustes → Canales.',
    en: "Telegram does not accept the bot's token: replace it under Settings → Channels.",
  },
  'telegram.404': {
    es: 'Telegram no reconoce el token del bot: revísalo en Ajustes → Canales.',
    en: "Telegram does not recognise the bot's token: check it under Settings → Channels.",
  },
  'telegram.429': {
    es: 'Telegram pedía esperar una y otra vez y los reintentos se agotaron.',
    en: 'Telegram kept asking to slow down and the retries ran out.',
  },
  'telegram.server_error': { es: 'Telegram falló una y otra vez y los reintentos se agotaron.', en: 'Telegram kept failing and the retries ran out.' },
  'telegram.unreachable': { es: 'No se pudo conectar con Telegram tras varios intentos.', en: 'Telegram could not be reached after several attempts.' },
};
