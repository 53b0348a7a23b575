/**
 * @parley/integrations/testing — the contract test kit for plugin authors (and the fake provider
 * servers under ./providers, reusable by the API's integration tests).
 */
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
