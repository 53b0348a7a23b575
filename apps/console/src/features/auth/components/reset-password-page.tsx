import { type FormEvent, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from 'react-router';
import { TextField } from '../../../components/field';
import { FormError, Notice } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { hasErrors, type TFieldErrorIds, validateFields } from '../../../lib/validation';
import { AuthLayout } from './auth-layout';

const messages = defineMessages({
  title: { id: 'reset.title', defaultMessage: 'Choose a new password' },
  subtitle: {
    id: 'reset.subtitle',
    defaultMessage: 'Setting it logs you out on every device.',
  },
  password: { id: 'reset.password', defaultMessage: 'New password' },
  hint: { id: 'reset.hint', defaultMessage: 'At least 8 characters.' },
  submit: { id: 'reset.submit', defaultMessage: 'Set password' },
  done: { id: 'reset.done', defaultMessage: 'Your password is set. Log in with it now.' },
  login: { id: 'reset.login', defaultMessage: 'Log in' },
});

/** The page a reset link opens (A2). */
export function ResetPasswordPage() {
  const intl = useIntl();
  const { token = '' } = useParams();
  const reset = trpc.auth.resetPassword.useMutation();
  const [password, setPassword] = useState('');
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const fieldErrors = useFieldErrors(clientErrors, reset.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateFields({ password }, { password: ['required', 'password'] });
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    reset.mutate({ token, password });
  }

  return (
    <AuthLayout
      title={<FormattedMessage {...messages.title} />}
      subtitle={<FormattedMessage {...messages.subtitle} />}
    >
      {reset.isSuccess ? (
        <Notice>{intl.formatMessage(messages.done)}</Notice>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <TextField
            label={intl.formatMessage(messages.password)}
            name="password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            hint={intl.formatMessage(messages.hint)}
            error={fieldErrors.password}
            autoFocus
          />
          <FormError error={reset.error} />
          <button type="submit" className="button button-primary button-block" disabled={reset.isPending}>
            <FormattedMessage {...messages.submit} />
          </button>
        </form>
      )}
      <p className="auth-footer">
        <Link to="/login">
          <FormattedMessage {...messages.login} />
        </Link>
      </p>
    </AuthLayout>
  );
}
