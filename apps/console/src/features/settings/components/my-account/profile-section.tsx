import { type FormEvent, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
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
  profileTitle: { id: 'account.profile.title', defaultMessage: 'Profile' },
  name: { id: 'account.profile.name', defaultMessage: 'Name' },
});

export function ProfileSection() {
  const intl = useIntl();
  const me = useMe();
  const meCache = useMeCache();
  const [name, setName] = useState(me.name);
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const update = trpc.account.updateProfile.useMutation({ onSuccess: ({ me: next }) => meCache.set(next) });
  const fieldErrors = useFieldErrors(clientErrors, update.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateFields({ name }, { name: ['required'] });
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    update.mutate({ name: name.trim() });
  }

  return (
    <Section title={<FormattedMessage {...messages.profileTitle} />}>
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={intl.formatMessage(messages.name)}
          name="name"
          autoComplete="name"
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            update.reset();
          }}
          error={fieldErrors.name}
        />
        <FormError error={update.error} />
        {update.isSuccess ? <Notice>{intl.formatMessage(saveMessages.saved)}</Notice> : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={update.isPending}>
            {intl.formatMessage(update.isPending ? saveMessages.saving : saveMessages.save)}
          </button>
        </div>
      </form>
    </Section>
  );
}
