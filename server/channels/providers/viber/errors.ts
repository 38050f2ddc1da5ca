import type { Locale } from '@/i18n/messages';

/** What Viber's refusals mean, in our words (codes as ./outbound.ts stores them: Viber's `status`). */
export const viberErrors: Record<string, Record<Locale, string>> = {
  'viber.2': {
    es: 'Viber no acepta el token del bot: sustitúyelo en Ajustes → Canales.',
    en: "Viber does not accept the bot's token: replace it under Settings → Channels.",
  },
  'viber.3': { es: 'Viber rechazó el mensaje por no ser válido.', en: 'Viber refused the message as invalid.' },
  'viber.5': { es: 'El contacto no tiene cuenta de Viber.', en: 'The contact has no Viber account.' },
  'viber.6': {
    es: 'El contacto no está suscrito al bot: tiene que abrir el chat con él primero.',
    en: 'The contact is not subscribed to the bot: they have to open the chat with it first.',
  },
  'viber.7': { es: 'Viber ha bloqueado la cuenta del bot.', en: "Viber has blocked the bot's account." },
  'viber.11': {
    es: 'El contacto no tiene ningún dispositivo con Viber que pueda recibir el mensaje.',
    en: 'The contact has no Viber device that can receive the message.',
  },
  'viber.12': {
    es: 'Viber pedía esperar una y otra vez y los reintentos se agotaron.',
    en: 'Viber kept asking to slow down and the retries ran out.',
  },
  'viber.23': {
    es: 'Se agotaron los mensajes gratuitos del mes del bot fuera de la ventana de 24 h.',
    en: "The bot's free messages for the month outside the 24 h window are used up.",
  },
  'viber.24': { es: 'La cuenta de Viber no tiene saldo para mensajes de pago.', en: 'The Viber account has no balance left for paid messages.' },
  'viber.server_error': { es: 'Viber falló una y otra vez y los reintentos se agotaron.', en: 'Viber kept failing and the retries ran out.' },
  'viber.unreachable': { es: 'No se pudo conectar con Viber tras varios intentos.', en: 'Viber could not be reached after several attempts.' },
};
