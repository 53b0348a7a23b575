import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { FormError } from '../../../components/status';

const messages = defineMessages({
  title: { id: 'accountPicker.title', defaultMessage: 'Choose an account' },
  subtitle: {
    id: 'accountPicker.subtitle',
    defaultMessage: 'Your password opens several accounts on this server. Which one do you want to use now?',
  },
  role: defineMessage<{ role: string }>({
    id: 'accountPicker.role',
    defaultMessage: '{role, select, owner {Owner} admin {Admin} other {Agent}}',
  }),
  later: {
    id: 'accountPicker.later',
    defaultMessage: 'You can switch to the others later from the menu, without logging in again.',
  },
  back: { id: 'accountPicker.back', defaultMessage: 'Back to log in' },
});

export const accountPickerMessages = messages;

export interface TAccountOption {
  accountId: string;
  accountName: string;
  role: 'owner' | 'admin' | 'agent';
}

/**
 * The accounts one password unlocked: a labelled list of buttons (Tab / Enter), the first focused.
 * Only accounts the password opened are ever listed (the server never names the others).
 */
export function AccountPicker({
  accounts,
  pending,
  error,
  onChoose,
  onBack,
}: {
  accounts: TAccountOption[];
  pending: boolean;
  error: unknown;
  onChoose: (accountId: string) => void;
  onBack: () => void;
}) {
  const intl = useIntl();
  return (
    <>
      <ul className="account-picker" aria-label={intl.formatMessage(messages.title)}>
        {accounts.map((account, index) => {
          const role = intl.formatMessage(messages.role, { role: account.role });
          return (
            <li key={account.accountId}>
              <button
                type="button"
                className="button button-block account-picker-option"
                disabled={pending}
                // biome-ignore lint/a11y/noAutofocus: the picker replaces the login form; focus follows
                autoFocus={index === 0}
                onClick={() => onChoose(account.accountId)}
              >
                <span className="account-picker-name">{account.accountName}</span>{' '}
                <span className="account-picker-role">{role}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <FormError error={error} />
      <p className="auth-footer">
        <FormattedMessage {...messages.later} />
      </p>
      <p className="auth-footer">
        <button type="button" className="button button-ghost" onClick={onBack}>
          <FormattedMessage {...messages.back} />
        </button>
      </p>
    </>
  );
}
