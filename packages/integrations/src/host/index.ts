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
  type PollingOptions,
} from './host.js';
export { type LoadedPlugins, type LoadOptions, loadPlugins, parsePluginList } from './loader.js';
export { createSecretBox, generateSecretKey, openConfig, type SecretBox, sealConfig } from './secrets.js';
export { createMemoryStorage, type HostStorage, type InstallHealth, type InstallRecord } from './storage.js';
export { isZodSchema, type PluginCheck, validatePlugin, validateSetupResult } from './validate.js';
