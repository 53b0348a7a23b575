import type { AnyPlugin, AnySetupResult, CapabilityName } from '@parley/plugin-sdk';
import { PARSE_CONFIG } from '@parley/plugin-sdk/host';
import { z } from 'zod';
import type { PluginWorker } from './plugin-worker.js';
import type { PluginDescription } from './protocol.js';

/** The worker's JSON Schema as a zod schema for the host's synchronous checks (the console's form). */
function schemaFrom(json: Record<string, unknown> | null): z.ZodType {
  if (!json) return z.looseObject({});
  try {
    return z.fromJSONSchema(json);
  } catch {
    return z.looseObject({});
  }
}

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;

/**
 * A plugin object the host can run like any other, whose code runs in a worker: metadata from the
 * worker's description, `setup` and every capability method as messages. The host's validatePlugin
 * and the loader's checks see the plugin's own values (name, version, apiVersion, capabilities).
 */
export function isolatedPlugin(worker: PluginWorker, d: PluginDescription): AnyPlugin {
  const name = d.name as string;
  const optional = <K extends string>(key: K, value: unknown) =>
    value === undefined ? {} : ({ [key]: value } as Record<K, unknown>);
  const plugin = {
    name,
    version: d.version,
    apiVersion: d.apiVersion,
    ...optional('displayName', d.displayName),
    ...optional('description', d.description),
    // Not a zod schema when the plugin's is not one, so validatePlugin refuses it as in-process.
    configSchema: d.hasSchema ? schemaFrom(d.jsonSchema) : undefined,
    ...optional('secretFields', strings(d.secretFields)),
    ...optional('urlFields', strings(d.urlFields)),
    ...optional('hostFields', strings(d.hostFields)),
    ...optional('rates', d.rates),
    capabilities: d.capabilities as CapabilityName[],
    ...(d.hasSetup
      ? {
          async setup(ctx) {
            const shape = await worker.setup(name, ctx);
            if (!shape || typeof shape !== 'object') return shape as AnySetupResult;
            const result: Record<string, unknown> = {};
            for (const [cap, part] of Object.entries(shape)) {
              const p = part as { props?: Record<string, unknown>; methods?: string[] } | null;
              if (!p || typeof p !== 'object' || !p.props) {
                result[cap] = part;
                continue;
              }
              const impl: Record<string, unknown> = { ...p.props };
              for (const method of p.methods ?? []) {
                impl[method] = (...args: unknown[]) => worker.invoke(ctx.installId, cap, method, args);
              }
              result[cap] = impl;
            }
            return result as AnySetupResult;
          },
        }
      : {}),
    async dispose(ctx) {
      await worker.dispose(ctx.installId);
    },
    [PARSE_CONFIG]: (input: unknown) => worker.parseConfig(name, input),
  } as AnyPlugin;
  return plugin;
}
