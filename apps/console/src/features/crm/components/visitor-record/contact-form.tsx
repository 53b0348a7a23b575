import { type FormEvent, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { TextField } from '../../../../components/field';
import { Section } from '../../../../components/page';
import { FormError, Notice } from '../../../../components/status';
import { trpc } from '../../../../lib/trpc';
import { useFieldErrors } from '../../../../lib/use-field-errors';
import { hasErrors, type TFieldErrorIds, validateFields } from '../../../../lib/validation';
import { CallButton } from '../../../phone';
import type { TVisitorRecord } from '../../types';

const messages = defineMessages({
  contactTitle: { id: 'crm.record.contact', defaultMessage: 'Contact data' },
  name: { id: 'crm.record.name', defaultMessage: 'Name' },
  nameHint: {
    id: 'crm.record.nameHint',
    defaultMessage: 'Empty: the console names the visitor by city and number.',
  },
  email: { id: 'crm.record.email', defaultMessage: 'Email' },
  phone: { id: 'crm.record.phone', defaultMessage: 'Phone' },
  save: { id: 'crm.record.save', defaultMessage: 'Save contact data' },
  saving: { id: 'crm.record.saving', defaultMessage: 'Saving…' },
  saved: { id: 'crm.record.saved', defaultMessage: 'Contact data saved.' },
});

export function ContactForm({ record }: { record: TVisitorRecord }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [values, setValues] = useState({
    name: record.name ?? '',
    email: record.email ?? '',
    phone: record.phone ?? '',
  });
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const update = trpc.crm.updateContact.useMutation({
    onSuccess: () => {
      void utils.crm.visitor.invalidate({ visitorId: record.id });
      void utils.crm.visitors.invalidate();
      void utils.visitors.get.invalidate({ visitorId: record.id });
    },
  });
  const fieldErrors = useFieldErrors(clientErrors, update.error);
  const changed =
    values.name !== (record.name ?? '') ||
    values.email !== (record.email ?? '') ||
    values.phone !== (record.phone ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    // The phone's format is the server's to judge (crm.updateContact answers validation.format).
    const errors = validateFields(values, { email: ['email'] });
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    // Blank means "remove it": null clears the field on the server.
    const text = (value: string) => value.trim() || null;
    update.mutate({
      visitorId: record.id,
      name: text(values.name),
      email: text(values.email),
      phone: text(values.phone),
    });
  }

  const set = (field: keyof typeof values) => (event: { target: { value: string } }) => {
    setValues((current) => ({ ...current, [field]: event.target.value }));
    update.reset();
  };

  return (
    <Section title={<FormattedMessage {...messages.contactTitle} />}>
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={intl.formatMessage(messages.name)}
          hint={intl.formatMessage(messages.nameHint)}
          name="name"
          autoComplete="off"
          maxLength={100}
          value={values.name}
          onChange={set('name')}
          error={fieldErrors.name}
        />
        <TextField
          label={intl.formatMessage(messages.email)}
          name="email"
          type="email"
          autoComplete="off"
          spellCheck={false}
          maxLength={254}
          value={values.email}
          onChange={set('email')}
          error={fieldErrors.email}
        />
        <TextField
          label={intl.formatMessage(messages.phone)}
          name="phone"
          type="tel"
          autoComplete="off"
          maxLength={40}
          value={values.phone}
          onChange={set('phone')}
          error={fieldErrors.phone}
        />
        <FormError error={update.error} />
        {update.isSuccess && !changed ? <Notice>{intl.formatMessage(messages.saved)}</Notice> : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={!changed || update.isPending}>
            <FormattedMessage {...(update.isPending ? messages.saving : messages.save)} />
          </button>
          {record.phone ? <CallButton number={record.phone} visitorId={record.id} /> : null}
        </div>
      </form>
    </Section>
  );
}
