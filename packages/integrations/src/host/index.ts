export * from '@parley/plugin-sdk/host';
export { DEFAULT_WORKER_LIMITS, type WorkerLimits } from './isolation/limits.js';
export { type LoadedPlugins, type LoadOptions, loadPlugins, parsePluginList } from './loader.js';
export {
  createPluginRuntime,
  type LoadOutcome,
  type PackageStatus,
  type PluginLoadError,
  type PluginRuntime,
  type PluginRuntimeOptions,
} from './runtime.js';
