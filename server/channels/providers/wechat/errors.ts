import type { Locale } from '@/i18n/messages';

/** What WeChat's refusals mean, in our words (codes as ./outbound.ts and ./access-token.ts store them: WeChat's `errcode`). */
export const wechatErrors: Record<string, Record<Locale, string>> = {
  'wechat.45015': {
    es: 'Han pasado más de 48 h desde el último mensaje del contacto: WeChat no deja enviar nada hasta que vuelva a escribir.',
    en: 'More than 48 h since the contact last wrote: WeChat allows nothing until they write again.',
  },
  'wechat.45047': {
    es: 'Se alcanzó el máximo de mensajes dentro de la ventana de 48 h: espera a que el contacto escriba.',
    en: 'The most messages allowed inside the 48 h window were sent: wait for the contact to write.',
  },
  'wechat.43004': { es: 'El contacto ya no sigue la cuenta.', en: 'The contact no longer follows the account.' },
  'wechat.40003': { es: 'WeChat no conoce a este contacto en la cuenta (OpenID no válido).', en: 'WeChat does not know this contact on the account (invalid OpenID).' },
  'wechat.40013': {
    es: 'WeChat no reconoce el AppID del canal: revísalo en Ajustes → Canales.',
    en: "WeChat does not recognise the channel's AppID: check it under Settings → Channels.",
  },
  'wechat.40125': {
    es: 'WeChat no acepta el AppSecret del canal: sustitúyelo en Ajustes → Canales.',
    en: "WeChat does not accept the channel's AppSecret: replace it under Settings → Channels.",
  },
  'wechat.40164': {
    es: 'WeChat no admite la dirección IP de este servidor: añádela a la lista blanca de IP de la cuenta.',
    en: "WeChat does not admit this server's IP address: add it to the account's IP whitelist.",
  },
  'wechat.48001': {
    es: 'La cuenta no tiene permiso para enviar mensajes de atención al cliente (hace falta una cuenta de servicio verificada).',
    en: 'The account may not send customer service messages (a verified service account is needed).',
  },
  'wechat.-1': { es: 'WeChat estaba ocupado y los reintentos se agotaron.', en: 'WeChat was busy and the retries ran out.' },
  'wechat.45009': {
    es: 'Se agotó la cuota diaria de tokens de acceso de WeChat y los reintentos también.',
    en: "WeChat's daily quota of access tokens was used up, and so were the retries.",
  },
  'wechat.40001': { es: 'WeChat rechazaba el token de acceso una y otra vez.', en: 'WeChat kept refusing the access token.' },
  'wechat.42001': { es: 'WeChat daba el token de acceso por caducado una y otra vez.', en: 'WeChat kept calling the access token expired.' },
  'wechat.server_error': { es: 'WeChat falló una y otra vez y los reintentos se agotaron.', en: 'WeChat kept failing and the retries ran out.' },
  'wechat.unreachable': { es: 'No se pudo conectar con WeChat tras varios intentos.', en: 'WeChat could not be reached after several attempts.' },
};
