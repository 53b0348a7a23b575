import { type FormEvent, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link, useLocation } from 'react-router';
import { TextField } from '../../../components/field';
import { FormError, Notice } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { hasErrors, type TFieldErrorIds, validateFields } from '../../../lib/validation';
import { AuthLayout } from './auth-layout';

const messages = defineMessages({
  title: { id: 'checkEmail.title', defaultMessage: 'Check your email' },
  sentTo: defineMessage<{ email: string }>({
    id: 'checkEmail.sentTo',
    defaultMessage:
      'We sent a link to {email}. Open it to confirm your address; then log in. The link works once, for 24 hours.',
  }),
  sent: {
    id: 'checkEmail.sent',
    defaultMessage:
      'We sent a link to confirm your address. Open it, then log in. The link works once, for 24 hours.',
  },
  noMail: {
    id: 'checkEmail.noMail',
    defaultMessage: 'No mail after a few minutes? Check your spam folder, or send it again.',
  },
  email: { id: 'checkEmail.email', defaultMessage: 'Email' },
  resend: { id: 'checkEmail.resend', defaultMessage: 'Send the link again' },
  resent: {
    id: 'checkEmail.resent',
    defaultMessage:
      'If an account waits for this address, a new link is on its way. Older links no longer work.',
  },
  login: { id: 'checkEmail.login', defaultMessage: 'Go to log in' },
});

/** After sign-up (and from an expired link): where the mail went, and "send it again". */
export function CheckEmailPage() {
  const intl = useIntl();
  const location = useLocation();
  const known = (location.state as { email?: string } | null)?.email ?? '';
  const [email, setEmail] = useState(known);
  const resend = trpc.signup.resend.useMutation();
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const fieldErrors = useFieldErrors(clientErrors, resend.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateFields({ email }, { email: ['required', 'email'] });
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    resend.mutate({ email: email.trim() });
  }

  return (
    <AuthLayout title={<FormattedMessage {...messages.title} />}>
      <Notice>
        {known ? intl.formatMessage(messages.sentTo, { email: known }) : intl.formatMessage(messages.sent)}
      </Notice>
      {resend.isSuccess ? (
        <Notice>{intl.formatMessage(messages.resent)}</Notice>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <p>
            <FormattedMessage {...messages.noMail} />
          </p>
          {known ? null : (
            <TextField
              label={intl.formatMessage(messages.email)}
              name="email"
              type="email"
              autoComplete="email"
              inputMode="email"
              autoCapitalize="none"
              spellCheck={false}
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              error={fieldErrors.email}
            />
          )}
          <FormError error={resend.error} />
          <button type="submit" className="button button-block" disabled={resend.isPending}>
            <FormattedMessage {...messages.resend} />
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
