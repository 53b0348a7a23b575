import type { TFieldErrorIds } from '../../lib/validation';

/**
 * J2: a plugin's settings form is generated from the JSON Schema the API derives from the plugin's
 * zod config schema (`integrations.plugins[].configSchema`). This module turns that schema into
 * fields, checks values the way the server will (the server still has the final word) and builds
 * the config to send. Pure, so it is tested without a browser.
 */

export type TFieldKind = 'text' | 'email' | 'url' | 'secret' | 'number' | 'boolean' | 'select';

export type TFormField = {
  name: string;
  kind: TFieldKind;
  /** The plugin's `title` for the field, else its name made readable. */
  label: string;
  description?: string;
  required: boolean;
  defaultValue?: string | boolean;
  options?: string[];
  min?: number;
  max?: number;
  integer?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
};

/** What the inputs hold: text for every input, booleans for checkboxes. */
export type TFormValues = Record<string, string | boolean>;

type TJsonSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  format?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  secret?: boolean;
  anyOf?: TJsonSchema[];
  properties?: Record<string, TJsonSchema>;
  required?: string[];
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `smtpHost` → "Smtp host"; `api_key` → "Api key". */
export function humanize(name: string): string {
  const words = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `z.string().optional()` may come out as `anyOf: [{ type: 'string' }, { type: 'null' }]`. */
function unwrap(schema: TJsonSchema): TJsonSchema {
  if (!schema.anyOf) return schema;
  const inner = schema.anyOf.find((s) => s.type !== 'null');
  return inner ? { ...inner, ...schema, anyOf: undefined, type: inner.type } : schema;
}

function typeOf(schema: TJsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
}

function kindOf(schema: TJsonSchema, secret: boolean): TFieldKind {
  const type = typeOf(schema);
  if (secret) return 'secret';
  if (schema.enum?.every((v) => typeof v === 'string')) return 'select';
  if (type === 'boolean') return 'boolean';
  if (type === 'number' || type === 'integer') return 'number';
  if (schema.format === 'email') return 'email';
  if (schema.format === 'uri' || schema.format === 'url') return 'url';
  return 'text';
}

/** The fields of an object schema, in the plugin's order. Unknown shapes become text fields. */
export function fieldsFromSchema(schema: unknown, secretFields: readonly string[] = []): TFormField[] {
  if (!isRecord(schema) || !isRecord(schema.properties)) return [];
  const root = schema as TJsonSchema;
  const required = new Set(root.required ?? []);
  return Object.entries(root.properties ?? {}).map(([name, raw]) => {
    const prop = unwrap(isRecord(raw) ? raw : {});
    const kind = kindOf(prop, prop.secret === true || secretFields.includes(name));
    const field: TFormField = {
      name,
      kind,
      label: typeof prop.title === 'string' && prop.title ? prop.title : humanize(name),
      // A field with a default need not be filled: the plugin's schema supplies it.
      required: required.has(name) && prop.default === undefined,
    };
    if (typeof prop.description === 'string') field.description = prop.description;
    if (typeof prop.default === 'boolean') field.defaultValue = prop.default;
    else if (typeof prop.default === 'string' || typeof prop.default === 'number')
      field.defaultValue = String(prop.default);
    if (kind === 'select') field.options = (prop.enum ?? []).map(String);
    if (typeof prop.minimum === 'number') field.min = prop.minimum;
    if (typeof prop.maximum === 'number') field.max = prop.maximum;
    if (typeOf(prop) === 'integer') field.integer = true;
    if (typeof prop.minLength === 'number') field.minLength = prop.minLength;
    if (typeof prop.maxLength === 'number') field.maxLength = prop.maxLength;
    // Email patterns are the server's business (they are long and not JS-flavoured everywhere).
    if (typeof prop.pattern === 'string' && kind === 'text') field.pattern = prop.pattern;
    return field;
  });
}

/**
 * Starting values: the stored config when editing (secrets never come back: their inputs start
 * empty and an empty secret keeps the stored one), else the schema's defaults.
 */
export function initialValues(
  fields: TFormField[],
  stored?: { values: Record<string, unknown> },
): TFormValues {
  const values: TFormValues = {};
  for (const field of fields) {
    const current = field.kind === 'secret' ? undefined : stored?.values[field.name];
    if (field.kind === 'boolean') {
      values[field.name] = typeof current === 'boolean' ? current : field.defaultValue === true;
    } else if (current !== undefined && current !== null) {
      values[field.name] = String(current);
    } else {
      values[field.name] = stored || field.kind === 'secret' ? '' : String(field.defaultValue ?? '');
    }
  }
  return values;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * Client-side checks with the server's message ids. `secretsSet` names the secrets already stored:
 * those may stay empty when editing.
 */
export function validateValues(
  fields: TFormField[],
  values: TFormValues,
  secretsSet: readonly string[] = [],
): TFieldErrorIds {
  const errors: TFieldErrorIds = {};
  for (const field of fields) {
    const raw = values[field.name];
    if (field.kind === 'boolean') continue;
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '') {
      const keepsStored = field.kind === 'secret' && secretsSet.includes(field.name);
      if (field.required && !keepsStored) errors[field.name] = 'validation.required';
      continue;
    }
    if (field.kind === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n) || (field.integer && !Number.isInteger(n)))
        errors[field.name] = 'validation.invalid';
      else if (field.min !== undefined && n < field.min) errors[field.name] = 'validation.too_small';
      else if (field.max !== undefined && n > field.max) errors[field.name] = 'validation.too_big';
      continue;
    }
    if (field.kind === 'email' && !EMAIL.test(value)) errors[field.name] = 'validation.email';
    else if (field.kind === 'url' && !isUrl(value)) errors[field.name] = 'validation.url';
    else if (field.kind === 'select' && !field.options?.includes(value))
      errors[field.name] = 'validation.choice';
    else if (field.minLength !== undefined && value.length < field.minLength)
      errors[field.name] = 'validation.too_short';
    else if (field.maxLength !== undefined && value.length > field.maxLength)
      errors[field.name] = 'validation.too_long';
    else if (field.pattern !== undefined && !safeRegExp(field.pattern)?.test(value))
      errors[field.name] = 'validation.format';
  }
  return errors;
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

/**
 * The config to send: numbers as numbers, booleans as booleans, empty optional fields left out
 * (so the plugin's defaults apply), empty secrets left out (so stored ones are kept).
 */
export function toConfig(fields: TFormField[], values: TFormValues): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = values[field.name];
    if (field.kind === 'boolean') {
      config[field.name] = raw === true;
      continue;
    }
    const value = typeof raw === 'string' ? (field.kind === 'secret' ? raw : raw.trim()) : '';
    if (value === '') continue;
    config[field.name] = field.kind === 'number' ? Number(value) : value;
  }
  return config;
}
