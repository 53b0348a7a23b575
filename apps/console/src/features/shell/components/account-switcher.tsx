import { useEffect, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import { FormError } from '../../../components/status';
import { useSession } from '../../../lib/api-provider';
import { trpc } from '../../../lib/trpc';

const messages = defineMessages({
  toggle: { id: 'switcher.toggle', defaultMessage: 'Switch account' },
  list: { id: 'switcher.list', defaultMessage: 'Your other accounts' },
  role: defineMessage<{ role: string }>({
    id: 'switcher.role',
    defaultMessage: '{role, select, owner {Owner} admin {Admin} other {Agent}}',
  }),
  failed: { id: 'switcher.failed', defaultMessage: 'Your other accounts could not be loaded.' },
  retry: { id: 'switcher.retry', defaultMessage: 'Try again' },
  fresh: {
    id: 'switcher.fresh',
    defaultMessage:
      'An account missing here? Log out and in again: only accounts your last log-in opened are listed.',
  },
});

/**
 * The user menu's account switcher: the other accounts where the same person has a user, as proved
 * by this session's log-in (docs/security.md, "Switching accounts"). Nothing shows for the usual
 * single account; a disclosure button opens the list, Escape closes it.
 */
export function AccountSwitcher() {
  const intl = useIntl();
  const navigate = useNavigate();
  const { restartSession } = useSession();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  const linked = trpc.auth.linkedAccounts.useQuery(undefined, { staleTime: 60_000 });
  const switchTo = trpc.auth.switchAccount.useMutation({
    onSuccess: ({ me }) => {
      setOpen(false);
      restartSession(me);
      navigate('/inbox', { replace: true });
    },
  });

  if (linked.isPending) return null;
  if (linked.isError)
    return (
      <p className="account-switcher-error" role="status">
        <FormattedMessage {...messages.failed} />{' '}
        <button type="button" className="button button-ghost button-small" onClick={() => linked.refetch()}>
          <FormattedMessage {...messages.retry} />
        </button>
      </p>
    );
  if (linked.data.accounts.length === 0) return null;

  return (
    <div className="account-switcher">
      <button
        type="button"
        className="button button-ghost button-block"
        aria-expanded={open}
        aria-controls="account-switcher-list"
        onClick={() => setOpen((value) => !value)}
      >
        <FormattedMessage {...messages.toggle} />
      </button>
      {open ? (
        <>
          <ul
            id="account-switcher-list"
            className="account-switcher-list"
            aria-label={intl.formatMessage(messages.list)}
          >
            {linked.data.accounts.map((account) => {
              const role = intl.formatMessage(messages.role, { role: account.role });
              return (
                <li key={account.accountId}>
                  <button
                    type="button"
                    className="button button-ghost button-block account-switcher-option"
                    disabled={switchTo.isPending}
                    onClick={() => switchTo.mutate({ accountId: account.accountId })}
                  >
                    <span className="account-picker-name">{account.accountName}</span>{' '}
                    <span className="account-picker-role">{role}</span>
                  </button>
                </li>
              );
            })}
          </ul>
          <FormError error={switchTo.error} />
          <p className="account-switcher-hint">
            <FormattedMessage {...messages.fresh} />
          </p>
        </>
      ) : null}
    </div>
  );
}
