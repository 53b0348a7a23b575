import { type FormEvent, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, type PrimitiveType, useIntl } from 'react-intl';
import { TextField } from '../../../../components/field';
import { Section } from '../../../../components/page';
import { FormError, Notice } from '../../../../components/status';
import { trpc } from '../../../../lib/trpc';
import { useFieldErrors } from '../../../../lib/use-field-errors';
import { useMe } from '../../../../lib/use-me';
import { useMeCache } from '../../../../lib/use-update-me';
import { hasErrors, type TFieldErrorIds, validateFields } from '../../../../lib/validation';
import { saveMessages } from './save-messages';

const messages = defineMessages({
  emailTitle: { id: 'account.email.title', defaultMessage: 'Email address' },
  emailCurrent: defineMessage<{ email: PrimitiveType }>({
    id: 'account.email.current',
    defaultMessage: 'You log in with {email}.',
  }),
  newEmail: { id: 'account.email.new', defaultMessage: 'New email' },
  emailPassword: { id: 'account.email.password', defaultMessage: 'Current password' },
  emailSubmit: { id: 'account.email.submit', defaultMessage: 'Change email' },
  emailChanged: defineMessage<{ email: string }>({
    id: 'account.email.changed',
    defaultMessage: 'Your email is now {email}.',
  }),
});

export function EmailSection() {
  const intl = useIntl();
  const me = useMe();
  const meCache = useMeCache();
  const [values, setValues] = useState({ newEmail: '', password: '' });
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const [changedTo, setChangedTo] = useState<string | null>(null);
  const change = trpc.account.changeEmail.useMutation({
    onSuccess: ({ me: next }) => {
      // The server normalises the address (lower case); show what was stored.
      setChangedTo(next.email);
      setValues({ newEmail: '', password: '' });
      meCache.set(next);
    },
  });
  const fieldErrors = useFieldErrors(clientErrors, change.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    setChangedTo(null);
    const errors = validateFields(values, { newEmail: ['required', 'email'], password: ['required'] });
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    change.mutate({ newEmail: values.newEmail.trim(), password: values.password });
  }

  return (
    <Section
      title={<FormattedMessage {...messages.emailTitle} />}
      description={
        <FormattedMessage {...messages.emailCurrent} values={{ email: <strong>{me.email}</strong> }} />
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={intl.formatMessage(messages.newEmail)}
          name="newEmail"
          type="email"
          autoComplete="email"
          autoCapitalize="none"
          spellCheck={false}
          value={values.newEmail}
          onChange={(event) => setValues((current) => ({ ...current, newEmail: event.target.value }))}
          error={fieldErrors.newEmail}
        />
        <TextField
          label={intl.formatMessage(messages.emailPassword)}
          name="password"
          type="password"
          autoComplete="current-password"
          value={values.password}
          onChange={(event) => setValues((current) => ({ ...current, password: event.target.value }))}
          error={fieldErrors.password}
        />
        <FormError error={change.error} />
        {changedTo ? (
          <Notice>{intl.formatMessage(messages.emailChanged, { email: changedTo })}</Notice>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={change.isPending}>
            {intl.formatMessage(change.isPending ? saveMessages.saving : messages.emailSubmit)}
          </button>
        </div>
      </form>
    </Section>
  );
}
