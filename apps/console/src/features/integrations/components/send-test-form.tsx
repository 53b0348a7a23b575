import { type FormEvent, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { TextField } from '../../../components/field';
import { FormError, Notice } from '../../../components/status';
import { trpc } from '../../../lib/trpc';

const messages = defineMessages({
  to: { id: 'integrations.test.to', defaultMessage: 'Send the test message to' },
  toHint: {
    id: 'integrations.test.toHint',
    defaultMessage:
      'An email address, chat id, phone number or Messenger PSID, as the channel expects. Leave empty to only check the credentials.',
  },
  send: { id: 'integrations.test.send', defaultMessage: 'Send a test message' },
  sending: { id: 'integrations.test.sending', defaultMessage: 'Sending…' },
  ok: defineMessage<{ detail: string }>({
    id: 'integrations.test.ok',
    defaultMessage: 'Test passed: {detail}',
  }),
  okPlain: { id: 'integrations.test.okPlain', defaultMessage: 'Test passed.' },
});

/** "Send a test message" for a channel install (`integrations.sendTest`). */
export function SendTestForm({ installId }: { installId: string }) {
  const intl = useIntl();
  const [to, setTo] = useState('');
  const test = trpc.integrations.sendTest.useMutation();

  function submit(event: FormEvent) {
    event.preventDefault();
    test.mutate({ id: installId, ...(to.trim() ? { to: to.trim() } : {}) });
  }

  return (
    <form className="form form-row" onSubmit={submit} noValidate>
      <TextField
        label={intl.formatMessage(messages.to)}
        name="testTo"
        maxLength={320}
        value={to}
        hint={intl.formatMessage(messages.toHint)}
        onChange={(event) => setTo(event.target.value)}
      />
      <button type="submit" className="button" disabled={test.isPending}>
        <FormattedMessage {...(test.isPending ? messages.sending : messages.send)} />
      </button>
      <FormError error={test.error} />
      {test.isSuccess ? (
        <Notice>
          {test.data.detail ? (
            <FormattedMessage {...messages.ok} values={{ detail: test.data.detail }} />
          ) : (
            <FormattedMessage {...messages.okPlain} />
          )}
        </Notice>
      ) : null}
    </form>
  );
}
