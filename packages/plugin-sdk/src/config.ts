import { z } from 'zod';
import type { AnyPlugin } from './define-plugin.js';

export type FieldErrors = Record<string, string>;

export type ConfigResult<T = Record<string, unknown>> =
  | { ok: true; config: T }
  | { ok: false; errors: FieldErrors };

/** Validate an install config; errors map field → message id, like the API's zod mapping. */
export function validateConfig(plugin: AnyPlugin, input: unknown): ConfigResult {
  const parsed = plugin.configSchema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, config: parsed.data as Record<string, unknown> };
  return { ok: false, errors: zodFieldErrors(parsed.error) };
}

/**
 * Zod issues → `{ field: messageId }` with stable ids (`validation.email`...) that the console
 * translates; the first issue per field wins (one clear message beats a list). The one mapping:
 * the API's tRPC errors use it too (apps/api/src/lib/zod-errors.ts).
 */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.join('.') || '_';
    if (!out[field]) out[field] = messageIdFor(issue);
  }
  return out;
}

function messageIdFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      // Zod 4 leaves the input out of issues; its default message names what was received.
      return /received (undefined|null)$/.test(issue.message) ? 'validation.required' : 'validation.invalid';
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) <= 1
        ? 'validation.required'
        : 'validation.too_short';
    case 'too_big':
      return 'validation.too_long';
    case 'invalid_format':
      return issue.format === 'email'
        ? 'validation.email'
        : issue.format === 'url'
          ? 'validation.url'
          : 'validation.format';
    case 'invalid_value':
      return 'validation.choice';
    case 'custom':
      // A refinement may name its own message id (e.g. the API's ZLine: validation.single_line).
      return issue.message.startsWith('validation.') ? issue.message : 'validation.invalid';
    default:
      return 'validation.invalid';
  }
}

/** JSON Schema of the config (input side, defaults included), for forms generated in the console. */
export function configJsonSchema(plugin: AnyPlugin): Record<string, unknown> {
  try {
    return z.toJSONSchema(plugin.configSchema, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >;
  } catch {
    return { type: 'object' };
  }
}

const withArticle = (type: string) => `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;

/** JSON Schema types the generated settings form renders as one input each. */
const FORM_TYPES = new Set(['string', 'number', 'integer', 'boolean']);

function fieldTypes(prop: Record<string, unknown>): string[] {
  const own = Array.isArray(prop.type) ? prop.type : prop.type === undefined ? [] : [prop.type];
  const alternatives = [
    ...((prop.anyOf as Record<string, unknown>[] | undefined) ?? []),
    ...((prop.oneOf as Record<string, unknown>[] | undefined) ?? []),
  ].flatMap((inner) => fieldTypes(inner));
  return [...own, ...alternatives].filter((t): t is string => typeof t === 'string' && t !== 'null');
}

/**
 * Why a config schema cannot back the settings form admins fill in (empty when it can): it must be
 * a `z.object` of plain fields (text, number, boolean, choice), its JSON Schema must be derivable,
 * and checking a value must answer rather than throw. Checked when a plugin is loaded, so the
 * author hears it from the server's log instead of an admin from a broken form.
 */
export function configSchemaProblems(schema: z.ZodType): string[] {
  const fix = 'make configSchema a z.object({ ... }) of text, number, boolean or enum fields';
  let json: Record<string, unknown>;
  try {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  } catch (error) {
    return [
      `configSchema: its JSON Schema cannot be derived (${(error as Error)?.message ?? String(error)}): ${fix}`,
    ];
  }
  if (json.type !== 'object' || typeof json.properties !== 'object' || json.properties === null) {
    const got = typeof json.type === 'string' ? withArticle(json.type) : 'not an object';
    return [`configSchema: is ${got}, not an object of settings: ${fix}`];
  }
  const problems: string[] = [];
  for (const [field, prop] of Object.entries(json.properties as Record<string, Record<string, unknown>>)) {
    const types = fieldTypes(prop ?? {});
    const nested = types.find((t) => !FORM_TYPES.has(t));
    if (nested) {
      problems.push(
        `configSchema.${field}: ${nested === 'object' ? 'a nested object' : withArticle(nested)} cannot be shown in the settings form: make it top-level fields (e.g. ${field}Url, ${field}Token) or one text field`,
      );
    }
  }
  try {
    schema.safeParse({});
  } catch (error) {
    problems.push(
      `configSchema: checking a config threw (${(error as Error)?.message ?? String(error)}) instead of reporting field errors: a refine or transform must not throw; use ctx.addIssue or return false`,
    );
  }
  return problems;
}

/** Secret fields: `.meta({ secret: true })` in the schema plus the plugin's `secretFields`. */
export function secretFieldsOf(plugin: AnyPlugin): string[] {
  const out = new Set<string>(plugin.secretFields ?? []);
  const props = configJsonSchema(plugin).properties as Record<string, { secret?: unknown }> | undefined;
  for (const [key, prop] of Object.entries(props ?? {})) if (prop?.secret === true) out.add(key);
  return [...out];
}

export interface RedactedConfig {
  /** The non-secret values. */
  values: Record<string, unknown>;
  /** Each secret field: whether it has a value. */
  secrets: Record<string, 'set' | 'unset'>;
}

/** What an admin may see of a config: secrets only as set/unset. */
export function redactConfig(plugin: AnyPlugin, config: Record<string, unknown>): RedactedConfig {
  const secretFields = secretFieldsOf(plugin);
  const values: Record<string, unknown> = {};
  const secrets: Record<string, 'set' | 'unset'> = {};
  for (const field of secretFields) {
    const v = config[field];
    secrets[field] = v === undefined || v === null || v === '' ? 'unset' : 'set';
  }
  for (const [key, value] of Object.entries(config)) if (!secretFields.includes(key)) values[key] = value;
  return { values, secrets };
}

/**
 * Apply an admin's form to a stored config: a secret field left empty or absent keeps its stored
 * value (the form never receives secrets back); `null` clears it.
 */
export function mergeConfig(
  plugin: AnyPlugin,
  stored: Record<string, unknown>,
  input: Record<string, unknown>,
): Record<string, unknown> {
  const secretFields = secretFieldsOf(plugin);
  const out: Record<string, unknown> = { ...input };
  for (const field of secretFields) {
    const v = input[field];
    if (v === undefined || v === '') {
      if (stored[field] !== undefined) out[field] = stored[field];
      else delete out[field];
    } else if (v === null) delete out[field];
  }
  return out;
}

/**
 * Fields that say where the install connects: its base URLs (`urlFields`) and hosts (`hostFields`).
 * A stored secret is only ever sent to the destination it was entered for.
 */
export function destinationFieldsOf(plugin: AnyPlugin): string[] {
  return [...(plugin.urlFields ?? []), ...(plugin.hostFields ?? [])];
}

/**
 * When an admin's form changes a destination field, every stored secret must be typed again:
 * otherwise anyone allowed to edit the settings could point the install at their own server and
 * receive the key someone else entered. Returns the secret fields the form left empty that way.
 */
export function secretsToReenter(
  plugin: AnyPlugin,
  stored: Record<string, unknown>,
  input: Record<string, unknown>,
): string[] {
  const moved = destinationFieldsOf(plugin).some(
    (field) => field in input && String(input[field] ?? '').trim() !== String(stored[field] ?? '').trim(),
  );
  if (!moved) return [];
  const isEmpty = (v: unknown) => v === undefined || v === null || v === '';
  return secretFieldsOf(plugin).filter((field) => !isEmpty(stored[field]) && isEmpty(input[field]));
}

/** An http(s) URL config field (base URLs of provider APIs). */
export function httpUrl() {
  return z.url({ protocol: /^https?$/, hostname: z.regexes.hostname });
}
