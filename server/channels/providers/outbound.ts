import type { Provider } from '../credentials';
import type { OutboundProvider } from '../outbound';
import { instagramOutbound, messengerOutbound } from './meta-messaging/outbound';
import { whatsappOutbound } from './whatsapp/outbound';
import { lineOutbound } from './line/outbound';
import { telegramOutbound } from './telegram/outbound';
import { twilioOutbound } from './twilio/outbound';
import { viberOutbound } from './viber/outbound';
import { wechatOutbound } from './wechat/outbound';

/**
 * The outbound half of every provider Cadence delivers through (SPEC §13). The sandbox and the
 * demo's record-only channels have none: the delivery worker records their sends instead.
 */
export const outboundProviders: Partial<Record<Provider, OutboundProvider>> = {
  whatsapp: whatsappOutbound,
  messenger: messengerOutbound,
  instagram: instagramOutbound,
  twilio: twilioOutbound,
  telegram: telegramOutbound,
  line: lineOutbound,
  viber: viberOutbound,
  wechat: wechatOutbound,
};
