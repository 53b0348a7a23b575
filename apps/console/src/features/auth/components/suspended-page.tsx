import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import { useSession } from '../../../lib/api-provider';
import { trpc } from '../../../lib/trpc';
import { AuthLayout } from './auth-layout';

const messages = defineMessages({
  title: { id: 'suspended.title', defaultMessage: 'This account is suspended' },
  since: defineMessage<{ account: string; date: string }>({
    id: 'suspended.since',
    defaultMessage: 'The operator of this server suspended {account} on {date}.',
  }),
  reason: { id: 'suspended.reason', defaultMessage: 'Reason given' },
  noReason: { id: 'suspended.noReason', defaultMessage: 'No reason was given.' },
  kept: {
    id: 'suspended.kept',
    defaultMessage:
      'Nothing is deleted: conversations, contacts and settings are kept. Ask the operator of this server to lift the suspension; then this page opens the console again.',
  },
  checkAgain: { id: 'suspended.checkAgain', defaultMessage: 'Check again' },
  logout: { id: 'suspended.logout', defaultMessage: 'Log out' },
});

export type TSuspension = { accountName: string; reason: string | null; since: string };

/**
 * #19: a suspended account's console. Its session is refused everywhere (sign-in answers
 * `account.suspended`, sockets close), so instead of the login form or failing requests the agent
 * reads why (the operator's reason), and can check again or log out to use another account.
 */
export function SuspendedPage({
  suspension,
  onCheckAgain,
}: {
  suspension: TSuspension;
  onCheckAgain: () => void;
}) {
  const intl = useIntl();
  const navigate = useNavigate();
  const { restartSession } = useSession();
  const logout = trpc.auth.logout.useMutation({
    onSettled: () => {
      restartSession(null);
      navigate('/login', { replace: true });
    },
  });
  const date = intl.formatDate(new Date(suspension.since), { dateStyle: 'long' });
  return (
    <AuthLayout title={<FormattedMessage {...messages.title} />}>
      <div className="notice notice-warning" role="alert">
        <p>{intl.formatMessage(messages.since, { account: suspension.accountName, date })}</p>
        {suspension.reason ? (
          <p>
            <strong>
              <FormattedMessage {...messages.reason} />:
            </strong>{' '}
            <bdi>{suspension.reason}</bdi>
          </p>
        ) : (
          <p>
            <FormattedMessage {...messages.noReason} />
          </p>
        )}
      </div>
      <p>
        <FormattedMessage {...messages.kept} />
      </p>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onCheckAgain}>
          <FormattedMessage {...messages.checkAgain} />
        </button>
        <button type="button" className="button" disabled={logout.isPending} onClick={() => logout.mutate()}>
          <FormattedMessage {...messages.logout} />
        </button>
      </div>
    </AuthLayout>
  );
}
