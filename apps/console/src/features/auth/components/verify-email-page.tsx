import { useEffect, useRef } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from 'react-router';
import { FormError, Loading, Notice } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { AuthLayout } from './auth-layout';

const messages = defineMessages({
  title: { id: 'verifyEmail.title', defaultMessage: 'Confirm your email address' },
  checking: { id: 'verifyEmail.checking', defaultMessage: 'Confirming your address…' },
  done: defineMessage<{ email: string; accountName: string }>({
    id: 'verifyEmail.done',
    defaultMessage: '{email} is confirmed. Your workspace {accountName} is ready: log in to start.',
  }),
  login: { id: 'verifyEmail.login', defaultMessage: 'Log in' },
  again: { id: 'verifyEmail.again', defaultMessage: 'Send a new link' },
});

/**
 * The landing of the confirmation link. It confirms the address and signs nobody in (whoever opens
 * the link proves the mailbox, not the password): the next step is the normal log in.
 */
export function VerifyEmailPage() {
  const intl = useIntl();
  const { token = '' } = useParams();
  const verify = trpc.signup.verify.useMutation();
  // Once per token, also under React's double effects in development: the link is single use.
  const sent = useRef<string | null>(null);
  useEffect(() => {
    if (sent.current === token) return;
    sent.current = token;
    verify.mutate({ token });
  }, [token, verify]);

  return (
    <AuthLayout title={<FormattedMessage {...messages.title} />}>
      {verify.isSuccess ? (
        <>
          <Notice>
            {intl.formatMessage(messages.done, {
              email: verify.data.email,
              accountName: verify.data.accountName,
            })}
          </Notice>
          <Link
            to="/login"
            state={{ email: verify.data.email }}
            className="button button-primary button-block"
          >
            <FormattedMessage {...messages.login} />
          </Link>
        </>
      ) : verify.isError ? (
        <>
          <FormError error={verify.error} />
          <p className="auth-footer">
            <Link to="/signup/check-email">
              <FormattedMessage {...messages.again} />
            </Link>
          </p>
        </>
      ) : (
        <Loading label={<FormattedMessage {...messages.checking} />} />
      )}
    </AuthLayout>
  );
}
