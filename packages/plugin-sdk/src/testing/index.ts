/** @parley/plugin-sdk/testing — the contract test kit for plugin authors. */
export {
  type ContractCheck,
  type ContractEnv,
  type ContractOptions,
  type ContractReport,
  type ContractSuite,
  checkPluginContract,
  type ProviderHandle,
  pluginContract,
} from './contract.js';
export { createTestLogger, type LogEntry } from './logger.js';
export { runPluginContract } from './vitest.js';
