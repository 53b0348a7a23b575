/**
 * @parley/plugin-sdk — what a plugin imports: the types of the plugin API, `definePlugin`, the
 * errors, `fetchParts` and the API version. The contract test kit is `@parley/plugin-sdk/testing`;
 * the runtime that runs plugins (used by the Parley server and by the kit) is `@parley/plugin-sdk/host`.
 */

export { httpUrl } from './config.js';
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
export { apiVersionSupported, type ManifestCheck, type PluginManifest, parseManifest } from './manifest.js';
export { fetchParts, missingPartText, type PartToFetch, reasonOf } from './parts.js';
export { type PhoneRates, parseRates, type RatesCheck, rateFor } from './rates.js';
export * from './types.js';
export {
  PLUGIN_API_SEMVER,
  PLUGIN_API_VERSION,
  SDK_VERSION,
  SUPPORTED_API_VERSIONS,
  type SupportedApiVersion,
} from './version.js';
