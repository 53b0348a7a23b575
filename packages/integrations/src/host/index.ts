export * from '@parley/plugin-sdk/host';
export { type LoadedPlugins, type LoadOptions, loadPlugins, parsePluginList } from './loader.js';
