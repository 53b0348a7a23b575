import type { AnyPlugin } from '@parley/plugin-sdk';
import billingStripe from './billing-stripe/index.js';
import channelEmail from './channel-email/index.js';
import channelMessenger from './channel-messenger/index.js';
import channelTelegram from './channel-telegram/index.js';
import channelWhatsapp from './channel-whatsapp/index.js';
import gifGiphy from './gif-giphy/index.js';
import gifTenor from './gif-tenor/index.js';
import phoneSip from './phone-sip/index.js';
import phoneTwilio from './phone-twilio/index.js';
import translatorDeepl from './translator-deepl/index.js';
import translatorLibretranslate from './translator-libretranslate/index.js';

export {
  billingStripe,
  channelEmail,
  channelMessenger,
  channelTelegram,
  channelWhatsapp,
  gifGiphy,
  gifTenor,
  phoneSip,
  phoneTwilio,
  translatorDeepl,
  translatorLibretranslate,
};

/** The plugins shipped with Parley (K2). */
export const builtinPlugins: AnyPlugin[] = [
  channelEmail,
  channelTelegram,
  channelWhatsapp,
  channelMessenger,
  translatorLibretranslate,
  translatorDeepl,
  gifGiphy,
  gifTenor,
  phoneTwilio,
  phoneSip,
  billingStripe,
];
