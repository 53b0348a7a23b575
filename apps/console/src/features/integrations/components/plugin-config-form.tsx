import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import { SelectField, TextField } from '../../../components/field';
import { FormError } from '../../../components/status';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { hasErrors, type TFieldErrorIds } from '../../../lib/validation';
import {
  fieldsFromSchema,
  initialValues,
  type TFormField,
  type TFormValues,
  toConfig,
  validateValues,
} from '../schema-form';

const messages = defineMessages({
  secretKept: {
    id: 'integrations.form.secretKept',
    defaultMessage: 'Stored. Leave empty to keep it, or type a new one.',
  },
  optional: { id: 'integrations.form.optional', defaultMessage: 'Optional.' },
  choose: { id: 'integrations.form.choose', defaultMessage: 'Choose…' },
});

export type TPluginForm = {
  configSchema: Record<string, unknown>;
  secretFields: string[];
};

/**
 * J2: a plugin's settings, generated from its config schema. Secrets are password inputs that never
 * show stored values; checks run in the browser first (same message ids as the server), then the
 * server's field errors appear under the same fields.
 */
export function PluginConfigForm({
  plugin,
  stored,
  extraFields,
  extraErrors = {},
  validateExtra,
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  plugin: TPluginForm;
  /** Editing an install: its redacted config. */
  stored?: { values: Record<string, unknown>; secrets: Record<string, 'set' | 'unset'> };
  /** Fields the form needs besides the config (a channel name), rendered first. */
  extraFields?: (errors: Record<string, string>) => ReactNode;
  extraErrors?: TFieldErrorIds;
  validateExtra?: () => TFieldErrorIds;
  submitLabel: ReactNode;
  pending: boolean;
  error: unknown;
  onSubmit: (config: Record<string, unknown>) => void;
}) {
  const fields = useMemo(() => fieldsFromSchema(plugin.configSchema, plugin.secretFields), [plugin]);
  const [values, setValues] = useState<TFormValues>(() => initialValues(fields, stored));
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const secretsSet = Object.entries(stored?.secrets ?? {})
    .filter(([, state]) => state === 'set')
    .map(([name]) => name);
  const errors = useFieldErrors({ ...extraErrors, ...clientErrors }, error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = { ...(validateExtra?.() ?? {}), ...validateValues(fields, values, secretsSet) };
    setClientErrors(found);
    if (hasErrors(found)) return;
    onSubmit(toConfig(fields, values));
  }

  const set = (name: string, value: string | boolean) =>
    setValues((current) => ({ ...current, [name]: value }));

  return (
    <form className="form" onSubmit={submit} noValidate>
      {extraFields?.(errors)}
      {fields.map((field) => (
        <ConfigField
          key={field.name}
          field={field}
          value={values[field.name] ?? ''}
          error={errors[field.name]}
          secretSet={secretsSet.includes(field.name)}
          onChange={(value) => set(field.name, value)}
        />
      ))}
      <FormError error={error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

function ConfigField({
  field,
  value,
  error,
  secretSet,
  onChange,
}: {
  field: TFormField;
  value: string | boolean;
  error: string | undefined;
  secretSet: boolean;
  onChange: (value: string | boolean) => void;
}) {
  const intl = useIntl();
  if (field.kind === 'boolean') {
    return (
      <label className="checkbox">
        <input
          type="checkbox"
          name={field.name}
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span>{field.label}</span>
      </label>
    );
  }
  const hint =
    field.kind === 'secret' && secretSet
      ? intl.formatMessage(messages.secretKept)
      : (field.description ?? (field.required ? undefined : intl.formatMessage(messages.optional)));
  if (field.kind === 'select') {
    return (
      <SelectField
        label={field.label}
        name={field.name}
        value={String(value)}
        error={error}
        hint={hint}
        onChange={(e) => onChange(e.target.value)}
      >
        {field.required ? null : <option value="">{intl.formatMessage(messages.choose)}</option>}
        {field.options?.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </SelectField>
    );
  }
  const type =
    field.kind === 'secret'
      ? 'password'
      : field.kind === 'number'
        ? 'number'
        : field.kind === 'email'
          ? 'email'
          : field.kind === 'url'
            ? 'url'
            : 'text';
  return (
    <TextField
      label={field.label}
      name={field.name}
      type={type}
      value={String(value)}
      error={error}
      hint={hint}
      required={field.required}
      autoComplete={field.kind === 'secret' ? 'new-password' : 'off'}
      {...(field.kind === 'number' ? { inputMode: 'numeric' as const, min: field.min, max: field.max } : {})}
      {...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {})}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
