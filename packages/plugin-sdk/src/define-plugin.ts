import type { z } from 'zod';
import type { PhoneRates } from './rates.js';
import type { CapabilityMap, CapabilityName, PluginContext } from './types.js';
import type { SupportedApiVersion } from './version.js';

/**
 * What `setup` must return for the declared capabilities `C`: each declared one implemented, no
 * undeclared one. With the default (all capabilities, as in `PluginDefinition[]`) it is loose.
 */
export type SetupResult<C extends CapabilityName> = Partial<CapabilityMap> & {
  [K in C]: CapabilityMap[K];
} & {
  [K in Exclude<CapabilityName, C>]?: never;
} & {
  /** Release what setup acquired; the install's abort signal is aborted too. */
  dispose?: () => void | Promise<void>;
};

/** What any plugin's setup returns, as the host sees it. */
export type AnySetupResult = Partial<CapabilityMap> & { dispose?: () => void | Promise<void> };

export interface PluginDefinition<
  S extends z.ZodType = z.ZodType,
  C extends CapabilityName = CapabilityName,
> {
  /** npm-style name, unique in a host, e.g. `translator-deepl` or `parley-plugin-example`. */
  name: string;
  /** semver of the plugin. */
  version: string;
  /** The plugin API it was written for (`PLUGIN_API_VERSION`); TypeScript and the host refuse others. */
  apiVersion: SupportedApiVersion;
  /** Shown to admins; defaults to `name`. */
  displayName?: string;
  description?: string;
  /** zod 4 schema of the install config; mark secret fields with `.meta({ secret: true })`. */
  configSchema: S;
  /** Secret config fields, in addition to those marked in the schema. */
  secretFields?: readonly string[];
  /** Config fields holding base URLs: their hosts are allowed for `ctx.fetch`. */
  urlFields?: readonly (keyof z.output<S> & string)[];
  /**
   * Config fields holding host names the plugin connects to itself (SMTP, IMAP). Like `urlFields`,
   * changing one makes the admin enter the stored secrets again.
   */
  hostFields?: readonly (keyof z.output<S> & string)[];
  /** More hosts `ctx.fetch` may reach (exact hostnames or `*.example.com`). */
  allowedHosts?(config: z.output<S>): string[];
  capabilities: readonly C[];
  /**
   * H4: per-minute rates by destination prefix, for the future `phone` capability (read only from
   * phone plugins; checked by `parseRates`). Without it, calls through the plugin are free.
   */
  rates?: PhoneRates;
  /** Build the install's capabilities from its context. (NoInfer: `capabilities` alone decides C.) */
  setup: NoInfer<(ctx: PluginContext<z.output<S>>) => SetupResult<C> | Promise<SetupResult<C>>>;
  /** Called once when the install is disposed, after the setup result's own `dispose`. */
  dispose?(ctx: PluginContext<z.output<S>>): void | Promise<void>;
  /**
   * Bring an install's settings from an older version of this plugin to this one's `configSchema`.
   * The host calls it once per install when the version it runs differs from the one that wrote
   * the settings (`fromVersion`, semver), before anything else of the install runs. Return the new
   * settings (secrets included: they are passed in clear and sealed again). Keep it pure: no
   * network, no clock. When the result still fails `configSchema` (a new required field with no
   * sensible default), the install is paused and the admin is asked for the missing values.
   */
  migrateConfig?(
    fromVersion: string,
    config: Record<string, unknown>,
  ): Record<string, unknown> | Promise<Record<string, unknown>>;
}

/** Any plugin, as the host stores them (every `PluginDefinition<S, C>` is one). */
export interface AnyPlugin {
  name: string;
  version: string;
  apiVersion: number;
  displayName?: string;
  description?: string;
  configSchema: z.ZodType;
  secretFields?: readonly string[];
  urlFields?: readonly string[];
  hostFields?: readonly string[];
  // biome-ignore lint/suspicious/noExplicitAny: erased config type
  allowedHosts?(config: any): string[];
  capabilities: readonly CapabilityName[];
  rates?: PhoneRates;
  // biome-ignore lint/suspicious/noExplicitAny: erased config type
  setup(ctx: PluginContext<any>): AnySetupResult | Promise<AnySetupResult>;
  // biome-ignore lint/suspicious/noExplicitAny: erased config type
  dispose?(ctx: PluginContext<any>): void | Promise<void>;
  migrateConfig?(
    fromVersion: string,
    config: Record<string, unknown>,
  ): Record<string, unknown> | Promise<Record<string, unknown>>;
}

/**
 * Declare a plugin. Returns its argument unchanged; it exists for type inference and checking, like
 * Vite's `defineConfig`: declaring `capabilities: ['translator']` makes `setup` return a translator
 * and nothing else.
 */
export function definePlugin<S extends z.ZodType, const C extends CapabilityName>(
  plugin: PluginDefinition<S, C>,
): PluginDefinition<S, C> {
  return plugin;
}
