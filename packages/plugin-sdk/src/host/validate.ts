import type { ZodType } from 'zod';
import { configSchemaProblems } from '../config.js';
import type { AnyPlugin } from '../define-plugin.js';
import { parseRates } from '../rates.js';
import { CAPABILITIES, RESERVED_CAPABILITIES } from '../types.js';
import { PLUGIN_API_VERSION, SUPPORTED_API_VERSIONS } from '../version.js';

const NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export type PluginCheck = { ok: true; plugin: AnyPlugin } | { ok: false; problems: string[] };

/** Duck-typed so a schema made by another copy of zod 4 (a third-party plugin's) is accepted. */
export function isZodSchema(value: unknown): boolean {
  const v = value as { _zod?: unknown; safeParse?: unknown } | null;
  return !!v && typeof v === 'object' && !!v._zod && typeof v.safeParse === 'function';
}

/** Static checks of a plugin definition (before any install): metadata, API version, schema, shape. */
export function validatePlugin(value: unknown): PluginCheck {
  const problems: string[] = [];
  if (!value || typeof value !== 'object') return { ok: false, problems: ['not a plugin object'] };
  const p = value as Record<string, unknown>;
  if (typeof p.name !== 'string' || !NAME.test(p.name) || p.name.length > 214) {
    problems.push('name: must be an npm-style package name');
  }
  if (typeof p.version !== 'string' || !SEMVER.test(p.version)) problems.push('version: must be semver');
  if (typeof p.apiVersion !== 'number' || !SUPPORTED_API_VERSIONS.includes(p.apiVersion)) {
    const given = typeof p.apiVersion === 'string' ? `"${p.apiVersion}" (a string)` : String(p.apiVersion);
    problems.push(
      `apiVersion: ${given} is not supported: set apiVersion: PLUGIN_API_VERSION (the number ${PLUGIN_API_VERSION}, from @parley/plugin-sdk) and build against a @parley/plugin-sdk for plugin API ${PLUGIN_API_VERSION}`,
    );
  }
  if (!isZodSchema(p.configSchema)) problems.push('configSchema: must be a zod 4 schema');
  else problems.push(...configSchemaProblems(p.configSchema as ZodType));
  if (!Array.isArray(p.capabilities) || p.capabilities.length === 0) {
    problems.push('capabilities: must be a non-empty array');
  } else {
    const seen = new Set<string>();
    for (const c of p.capabilities) {
      if ((RESERVED_CAPABILITIES as readonly unknown[]).includes(c)) {
        problems.push(`capabilities: "${String(c)}" is reserved and not supported by this host yet`);
      } else if (!(CAPABILITIES as readonly unknown[]).includes(c)) {
        problems.push(`capabilities: unknown capability "${String(c)}"`);
      }
      if (seen.has(String(c))) problems.push(`capabilities: "${String(c)}" declared twice`);
      seen.add(String(c));
    }
  }
  if (typeof p.setup !== 'function') problems.push('setup: must be a function');
  if (p.dispose !== undefined && typeof p.dispose !== 'function')
    problems.push('dispose: must be a function');
  if (p.migrateConfig !== undefined && typeof p.migrateConfig !== 'function') {
    problems.push('migrateConfig: must be a function (fromVersion, config) => config');
  }
  if (p.allowedHosts !== undefined && typeof p.allowedHosts !== 'function') {
    problems.push('allowedHosts: must be a function');
  }
  if (p.rates !== undefined) {
    const rates = parseRates(p.rates);
    if (!rates.ok) problems.push(...rates.problems);
  }
  for (const key of ['urlFields', 'secretFields'] as const) {
    const list = p[key];
    if (list !== undefined && !(Array.isArray(list) && list.every((f) => typeof f === 'string'))) {
      problems.push(`${key}: must be an array of field names`);
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, plugin: value as AnyPlugin };
}

const REQUIRED_METHODS: Record<string, string[]> = {
  channel: ['send'],
  translator: ['detect', 'translate', 'languages'],
  gif: ['search'],
  phone: [],
  billing: ['createCheckout', 'changeSubscription', 'cancelSubscription', 'createTopUpCheckout', 'webhook'],
};

const PHONE_METHODS = [
  'dial',
  'hangup',
  'connectInbound',
  'handleWebhook',
  'precheckWebhook',
  'softphoneCredentials',
  'connect',
  'disconnect',
];

/** A phone capability must say how it carries calls and implement what that model needs. */
function phoneProblems(impl: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const models = impl.models;
  if (
    !Array.isArray(models) ||
    models.length === 0 ||
    !models.every((m) => m === 'bridge' || m === 'softphone')
  ) {
    problems.push('phone.models must be a non-empty array of "bridge" and/or "softphone"');
    return problems;
  }
  for (const opt of PHONE_METHODS) {
    if (impl[opt] !== undefined && typeof impl[opt] !== 'function')
      problems.push(`phone.${opt} must be a function`);
  }
  if (models.includes('bridge')) {
    for (const m of ['dial', 'hangup', 'handleWebhook'])
      if (typeof impl[m] !== 'function') problems.push(`phone.${m} must be a function (model "bridge")`);
  }
  if (models.includes('softphone') && typeof impl.softphoneCredentials !== 'function')
    problems.push('phone.softphoneCredentials must be a function (model "softphone")');
  if (
    impl.numbers !== undefined &&
    !(Array.isArray(impl.numbers) && impl.numbers.every((n) => typeof n === 'string' && E164.test(n)))
  )
    problems.push('phone.numbers must be an array of E.164 numbers ("+905321234567")');
  return problems;
}

/** E.164: a plus, a country code not starting with 0, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;

/** Checks what `setup` returned against the declared capabilities. */
export function validateSetupResult(plugin: AnyPlugin, result: unknown): string[] {
  const problems: string[] = [];
  if (!result || typeof result !== 'object') return ['setup must return an object of capabilities'];
  const r = result as Record<string, unknown>;
  for (const cap of CAPABILITIES) {
    const declared = plugin.capabilities.includes(cap);
    const impl = r[cap] as Record<string, unknown> | undefined;
    if (!declared) {
      if (impl !== undefined) problems.push(`setup returned "${cap}" which is not declared in capabilities`);
      continue;
    }
    if (!impl || typeof impl !== 'object') {
      problems.push(`capability "${cap}" is declared but setup did not return it`);
      continue;
    }
    for (const method of REQUIRED_METHODS[cap] ?? []) {
      if (typeof impl[method] !== 'function') problems.push(`${cap}.${method} must be a function`);
    }
    if (cap === 'channel') {
      const features = impl.features as Record<string, unknown> | undefined;
      if (!features || typeof features.attachments !== 'boolean') {
        problems.push('channel.features must be an object with `attachments: boolean`');
      }
      for (const opt of ['handleWebhook', 'poll', 'connect', 'disconnect', 'sendTest']) {
        if (impl[opt] !== undefined && typeof impl[opt] !== 'function') {
          problems.push(`channel.${opt} must be a function`);
        }
      }
    }
    if (cap === 'phone') problems.push(...phoneProblems(impl));
    if (cap === 'billing') {
      for (const opt of ['listInvoices', 'precheckWebhook'])
        if (impl[opt] !== undefined && typeof impl[opt] !== 'function')
          problems.push(`billing.${opt} must be a function`);
    }
  }
  if (r.dispose !== undefined && typeof r.dispose !== 'function') problems.push('dispose must be a function');
  return problems;
}
