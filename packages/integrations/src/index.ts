/**
 * @parley/integrations — the plugin interface (K1), the host the API runs plugins in, the loader
 * for third-party plugins (K3) and the built-in plugins (K2). Plugin authors: see README.md.
 */
export {
  type ConfigResult,
  configJsonSchema,
  type FieldErrors,
  httpUrl,
  mergeConfig,
  type RedactedConfig,
  redactConfig,
  secretFieldsOf,
  validateConfig,
  zodFieldErrors,
} from './config.js';
export {
  type AnyPlugin,
  type AnySetupResult,
  definePlugin,
  type PluginDefinition,
  type SetupResult,
} from './define-plugin.js';
export {
  PluginError,
  type PluginErrorKind,
  type PluginErrorOptions,
  providerError,
  retryAfterOf,
} from './errors.js';
export * from './host/index.js';
export { fetchParts, missingPartText, type PartToFetch, reasonOf } from './parts.js';
export {
  isAutoReply,
  parseEmail,
  sanitizeEmailHtml,
  stripQuotedReply,
} from './plugins/channel-email/parse.js';
export {
  builtinPlugins,
  channelEmail,
  channelMessenger,
  channelTelegram,
  channelWhatsapp,
  gifGiphy,
  gifTenor,
  translatorDeepl,
  translatorLibretranslate,
} from './plugins/index.js';
export * from './types.js';
export { PLUGIN_API_VERSION, SUPPORTED_API_VERSIONS } from './version.js';
