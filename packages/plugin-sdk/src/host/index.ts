/**
 * @parley/plugin-sdk/host — the runtime that runs plugins behind guards (deadlines, retries, health,
 * the guarded fetch, sealed secrets). The Parley server runs its installs in it, and the contract kit
 * runs the plugin under test in the same one, so a plugin passing the kit meets the same rules live.
 */
export {
  type ConfigResult,
  configJsonSchema,
  destinationFieldsOf,
  type FieldErrors,
  mergeConfig,
  type RedactedConfig,
  redactConfig,
  secretFieldsOf,
  secretsToReenter,
  validateConfig,
  zodFieldErrors,
} from '../config.js';
export { billingEventProblems, invoiceProblems } from './billing.js';
export { assertPublicDestination, isPrivateAddress, type ResolveHost } from './destinations.js';
export {
  faultReason,
  PARSE_CONFIG,
  pluginFault,
  type RemoteConfigParser,
  remoteConfigParser,
} from './faults.js';
export { createGuardedFetch, hostAllowed } from './fetch.js';
export {
  type Attempt,
  backoffDelay,
  type DeliveryState,
  type RetryOptions,
  retrying,
  withTimeout,
} from './guard.js';
export {
  createPluginHost,
  type GuardedInstall,
  type HealthInfo,
  type HostDefaults,
  type InstallResult,
  type PluginHost,
  type PluginHostOptions,
  type PluginInfo,
} from './host.js';
export { phoneEventProblems } from './phone.js';
export { type PollingOptions, startPolling } from './polling.js';
export { createSecretBox, generateSecretKey, openConfig, type SecretBox, sealConfig } from './secrets.js';
export { createMemoryStorage, type HostStorage, type InstallHealth, type InstallRecord } from './storage.js';
export { E164, isZodSchema, type PluginCheck, validatePlugin, validateSetupResult } from './validate.js';
