import type { Provider } from '../credentials';
import type { InboundMediaProvider } from '../media';
import { lineMedia } from './line/media';
import { instagramMedia, messengerMedia } from './meta-messaging/media';
import { telegramMedia } from './telegram/media';
import { twilioMedia } from './twilio/media';
import { viberMedia } from './viber/media';
import { wechatMedia } from './wechat/media';
import { whatsappMedia } from './whatsapp/media';

/** The media half of every provider whose messages carry files (SPEC §14): the download job asks here. */
export const mediaProviders: Partial<Record<Provider, InboundMediaProvider>> = {
  whatsapp: whatsappMedia,
  messenger: messengerMedia,
  instagram: instagramMedia,
  twilio: twilioMedia,
  telegram: telegramMedia,
  line: lineMedia,
  viber: viberMedia,
  wechat: wechatMedia,
};
