import { type FormEvent, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { TextField } from '../../../components/field';
import { FormError, Notice } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { hasErrors, type TFieldErrorIds, validateFields } from '../../../lib/validation';
import { AuthLayout } from './auth-layout';

const messages = defineMessages({
  title: { id: 'forgot.title', defaultMessage: 'Forgot your password?' },
  subtitle: {
    id: 'forgot.subtitle',
    defaultMessage: 'Enter your email and we will send you a link to choose a new password.',
  },
  email: { id: 'forgot.email', defaultMessage: 'Email' },
  submit: { id: 'forgot.submit', defaultMessage: 'Send reset link' },
  sent: {
    id: 'forgot.sent',
    defaultMessage:
      'If an account uses this address, a link is on its way. It works once, for 30 minutes. No mail? Ask an admin of your team for a reset link.',
  },
  back: { id: 'forgot.back', defaultMessage: 'Back to log in' },
});

/** "Forgot password" (A2): the same answer whether the address has an account or not. */
export function ForgotPasswordPage() {
  const intl = useIntl();
  const request = trpc.auth.requestPasswordReset.useMutation();
  const [email, setEmail] = useState('');
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const fieldErrors = useFieldErrors(clientErrors, request.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateFields({ email }, { email: ['required', 'email'] });
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    request.mutate({ email: email.trim() });
  }

  return (
    <AuthLayout
      title={<FormattedMessage {...messages.title} />}
      subtitle={<FormattedMessage {...messages.subtitle} />}
    >
      {request.isSuccess ? (
        <Notice>{intl.formatMessage(messages.sent)}</Notice>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <TextField
            label={intl.formatMessage(messages.email)}
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            autoCapitalize="none"
            spellCheck={false}
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={fieldErrors.email}
            autoFocus
          />
          <FormError error={request.error} />
          <button type="submit" className="button button-primary button-block" disabled={request.isPending}>
            <FormattedMessage {...messages.submit} />
          </button>
        </form>
      )}
      <p className="auth-footer">
        <Link to="/login">
          <FormattedMessage {...messages.back} />
        </Link>
      </p>
    </AuthLayout>
  );
}
