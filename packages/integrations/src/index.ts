/**
 * @parley/integrations — what the API needs of plugins: the SDK and its host (re-exported from
 * @parley/plugin-sdk), the loader for third-party plugins (K3) and the built-in plugins (K2).
 * Plugin authors depend on @parley/plugin-sdk alone: see README.md.
 */
export * from '@parley/plugin-sdk';
export * from './host/index.js';
export {
  isAutoReply,
  parseEmail,
  sanitizeEmailHtml,
  stripQuotedReply,
} from './plugins/channel-email/parse.js';
export {
  billingStripe,
  builtinPlugins,
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
} from './plugins/index.js';
