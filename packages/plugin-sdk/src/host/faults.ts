import type { ConfigResult } from '../config.js';
import { PluginError } from '../errors.js';

/**
 * Faults the host itself observed in a plugin's runtime (its worker exited, stalled or ran out of
 * memory). Their message is written by the host, never by the plugin or a provider, so admins may
 * read it on the plugin's health ("worker stalled: event loop blocked 3 s") instead of the fixed
 * reason a plugin's own error gets.
 */
const FAULT = Symbol.for('parley.host.fault');

export function pluginFault(message: string, stamp: { plugin: string; installId?: string }): PluginError {
  const error = new PluginError(message, { kind: 'internal', retryable: true, ...stamp });
  (error as unknown as Record<symbol, unknown>)[FAULT] = true;
  return error;
}

/** The text admins see for a fault the host observed, or undefined for any other error. */
export function faultReason(error: PluginError): string | undefined {
  return (error as unknown as Record<symbol, unknown>)[FAULT] === true
    ? `[${error.plugin ?? '?'}] ${error.message}`
    : undefined;
}

/**
 * A plugin whose code runs elsewhere (a worker) parses configs there, with its own schema: the host
 * awaits this instead of the schema it was handed (a copy rebuilt from JSON Schema, good enough for
 * the console's form but without the plugin's transforms and refinements).
 */
export const PARSE_CONFIG = Symbol.for('parley.host.parseConfig');

export type RemoteConfigParser = (input: unknown) => Promise<ConfigResult>;

export function remoteConfigParser(plugin: object): RemoteConfigParser | undefined {
  const parse = (plugin as Record<symbol, unknown>)[PARSE_CONFIG];
  return typeof parse === 'function' ? (parse as RemoteConfigParser) : undefined;
}
