import { type ChangeEvent, type FormEvent, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { TextField } from '../../../../components/field';
import { Section } from '../../../../components/page';
import { FormError, Notice, passwordHint } from '../../../../components/status';
import { trpc } from '../../../../lib/trpc';
import { useFieldErrors } from '../../../../lib/use-field-errors';
import { useMe } from '../../../../lib/use-me';
import { hasErrors, PASSWORD_MIN, type TFieldErrorIds, validateFields } from '../../../../lib/validation';
import { saveMessages } from './save-messages';

const messages = defineMessages({
  passwordTitle: { id: 'account.password.title', defaultMessage: 'Password' },
  passwordDescription: {
    id: 'account.password.description',
    defaultMessage: 'Changing it logs you out on all other devices.',
  },
  currentPassword: { id: 'account.password.current', defaultMessage: 'Current password' },
  newPassword: { id: 'account.password.new', defaultMessage: 'New password' },
  confirmPassword: { id: 'account.password.confirm', defaultMessage: 'Repeat new password' },
  passwordSubmit: { id: 'account.password.submit', defaultMessage: 'Change password' },
  passwordChanged: {
    id: 'account.password.changed',
    defaultMessage: 'Password changed. Your other sessions were logged out.',
  },
});

export function PasswordSection() {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const empty = { currentPassword: '', newPassword: '', confirmPassword: '' };
  const [values, setValues] = useState(empty);
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const change = trpc.account.changePassword.useMutation({
    onSuccess: () => {
      setValues(empty);
      void utils.sessions.list.invalidate();
    },
  });
  const fieldErrors = useFieldErrors(clientErrors, change.error);
  const set = (field: keyof typeof empty) => (event: ChangeEvent<HTMLInputElement>) => {
    setValues((current) => ({ ...current, [field]: event.target.value }));
    change.reset();
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateFields(values, {
      currentPassword: ['required'],
      newPassword: ['required', 'password'],
      confirmPassword: ['required'],
    });
    if (!errors.confirmPassword && values.confirmPassword !== values.newPassword) {
      errors.confirmPassword = 'validation.password_mismatch';
    }
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    change.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword });
  }

  return (
    <Section
      title={<FormattedMessage {...messages.passwordTitle} />}
      description={<FormattedMessage {...messages.passwordDescription} />}
    >
      <form className="form" onSubmit={submit} noValidate>
        {/* Hidden username so password managers update the right entry. */}
        <PasswordManagerUsername />
        <TextField
          label={intl.formatMessage(messages.currentPassword)}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={values.currentPassword}
          onChange={set('currentPassword')}
          error={fieldErrors.currentPassword}
        />
        <TextField
          label={intl.formatMessage(messages.newPassword)}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          hint={intl.formatMessage(passwordHint, { min: PASSWORD_MIN })}
          value={values.newPassword}
          onChange={set('newPassword')}
          error={fieldErrors.newPassword}
        />
        <TextField
          label={intl.formatMessage(messages.confirmPassword)}
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          value={values.confirmPassword}
          onChange={set('confirmPassword')}
          error={fieldErrors.confirmPassword}
        />
        <FormError error={change.error} />
        {change.isSuccess ? <Notice>{intl.formatMessage(messages.passwordChanged)}</Notice> : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={change.isPending}>
            {intl.formatMessage(change.isPending ? saveMessages.saving : messages.passwordSubmit)}
          </button>
        </div>
      </form>
    </Section>
  );
}

function PasswordManagerUsername() {
  const me = useMe();
  return <input type="email" name="username" autoComplete="username" value={me.email} readOnly hidden />;
}
