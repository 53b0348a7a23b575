import { afterAll, beforeAll, describe, it } from 'vitest';
import type { AnyPlugin } from '../define-plugin.js';
import { type ContractEnv, type ContractOptions, pluginContract } from './contract.js';

/**
 * Register the contract checks as vitest tests:
 *
 *   runPluginContract(myPlugin, { validConfig: { apiKey: 'k' }, provider: startFakeProvider });
 *
 * Call it at the top level of a test file (or inside a describe).
 */
export function runPluginContract(plugin: AnyPlugin, options: ContractOptions): void {
  const suite = pluginContract(plugin, options);
  describe(`plugin contract: ${plugin.name}`, () => {
    let env: ContractEnv = {};
    beforeAll(async () => {
      env = await suite.start();
    });
    afterAll(() => suite.stop());
    for (const c of suite.checks) it(c.name, () => c.run(env), (options.timeoutMs ?? 2000) * 4 + 5000);
  });
}
