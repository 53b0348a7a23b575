import { useState } from 'preact/hooks';
import type { Translate } from '../lib/i18n';
import { LIMITS, type Visitor } from '../types';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type Errors = Record<string, string>;

export function Field(props: {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'tel';
  required: boolean;
  t: Translate;
  errors: Errors;
  multiline?: boolean;
  value?: string;
}) {
  const { name, label, type = 'text', required, t, errors, multiline, value } = props;
  const id = `f-${name}`;
  const err = errors[name];
  const common = {
    id,
    name,
    required,
    'aria-invalid': err ? true : undefined,
    'aria-describedby': err ? `${id}-e` : undefined,
  } as const;
  return (
    <div class="field">
      <label for={id}>
        {label}
        {!required && <span class="opt"> {t('optional')}</span>}
      </label>
      {multiline ? (
        <textarea {...common} rows={4} maxLength={LIMITS.body} />
      ) : (
        <input
          {...common}
          type={type as 'text'}
          maxLength={type === 'text' ? LIMITS.name : 200}
          defaultValue={value}
        />
      )}
      {err && (
        <p class="error" id={`${id}-e`}>
          {err}
        </p>
      )}
    </div>
  );
}

function validate(form: HTMLFormElement, t: Translate, required: Record<string, boolean>) {
  const data: Record<string, string> = {};
  const errors: Errors = {};
  for (const [k, v] of new FormData(form)) data[k] = String(v).trim();
  for (const [k, v] of Object.entries(data)) {
    if (!v && required[k]) errors[k] = t('required');
    else if (k === 'email' && v && !EMAIL_RE.test(v)) errors[k] = t('invalidEmail');
  }
  return { data, errors };
}

/** Validates the form, focuses the first field in error, and runs `action` once it is clean. */
export function useFormSubmit(t: Translate) {
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const run = async (
    form: HTMLFormElement,
    required: Record<string, boolean>,
    action: (data: Record<string, string>) => Promise<void>,
  ) => {
    const { data, errors: found } = validate(form, t, required);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      form.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setBusy(true);
    setFailed(false);
    try {
      await action(data);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, failed, run };
}

/** Name and email, filled in with what the visitor gave before. */
export function ContactFields(props: {
  t: Translate;
  errors: Errors;
  visitor: Visitor | null;
  required: { name: boolean; email: boolean };
}) {
  const { t, errors, visitor, required } = props;
  return (
    <>
      <Field
        name="name"
        label={t('name')}
        required={required.name}
        t={t}
        errors={errors}
        value={visitor?.name ?? undefined}
      />
      <Field
        name="email"
        type="email"
        label={t('email')}
        required={required.email}
        t={t}
        errors={errors}
        value={visitor?.email ?? undefined}
      />
    </>
  );
}

/** Why the last try failed, if it did, and the submit button (off while it runs). */
export function FormFooter({
  t,
  busy,
  failed,
  label,
}: {
  t: Translate;
  busy: boolean;
  failed: boolean;
  label: string;
}) {
  return (
    <>
      {failed && (
        <p class="error" role="alert">
          {t('genericError')}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {label}
      </button>
    </>
  );
}
