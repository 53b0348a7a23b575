import { useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { TextField } from '../../../../components/field';
import { Section } from '../../../../components/page';
import { EmptyState, ErrorState, FormError, Loading, Notice } from '../../../../components/status';
import { describeError } from '../../../../lib/errors';
import { type TRouterOutputs, trpc } from '../../../../lib/trpc';
import { saveMessages } from './save-messages';

const messages = defineMessages({
  displayNamesTitle: { id: 'account.displayNames.title', defaultMessage: 'Name per channel' },
  displayNamesDescription: {
    id: 'account.displayNames.description',
    defaultMessage: 'Show visitors a different name on some channels. Leave empty to use your name.',
  },
  displayNamesEmpty: { id: 'account.displayNames.empty', defaultMessage: 'No channels yet.' },
  displayNamesEmptyText: {
    id: 'account.displayNames.emptyText',
    defaultMessage: 'Once an admin connects a channel, you can set the name visitors see there.',
  },
  displayNameLabel: defineMessage<{ channel: string }>({
    id: 'account.displayNames.label',
    defaultMessage: 'Name on {channel}',
  }),
});

type TDisplayName = TRouterOutputs['account']['displayNames'][number];

function DisplayNameRow({ row }: { row: TDisplayName }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [value, setValue] = useState(row.displayName ?? '');
  const save = trpc.account.setDisplayName.useMutation({
    onSuccess: () => utils.account.displayNames.invalidate(),
  });
  const fieldError = describeError(save.error).fieldErrors.displayName;
  return (
    <form
      className="form form-row"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = value.trim();
        save.mutate({ channelId: row.channelId, displayName: trimmed === '' ? null : trimmed });
      }}
    >
      <TextField
        label={intl.formatMessage(messages.displayNameLabel, { channel: row.channelName })}
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          save.reset();
        }}
        error={fieldError ? intl.formatMessage(fieldError) : undefined}
      />
      <button type="submit" className="button" disabled={save.isPending}>
        {intl.formatMessage(save.isPending ? saveMessages.saving : saveMessages.save)}
      </button>
      {save.isSuccess ? <Notice>{intl.formatMessage(saveMessages.saved)}</Notice> : null}
      {save.error && !fieldError ? <FormError error={save.error} /> : null}
    </form>
  );
}

export function DisplayNamesSection() {
  const displayNames = trpc.account.displayNames.useQuery();
  return (
    <Section
      title={<FormattedMessage {...messages.displayNamesTitle} />}
      description={<FormattedMessage {...messages.displayNamesDescription} />}
    >
      {displayNames.isPending ? (
        <Loading />
      ) : displayNames.isError ? (
        <ErrorState error={displayNames.error} onRetry={() => displayNames.refetch()} />
      ) : displayNames.data.length === 0 ? (
        <EmptyState title={<FormattedMessage {...messages.displayNamesEmpty} />}>
          <FormattedMessage {...messages.displayNamesEmptyText} />
        </EmptyState>
      ) : (
        <div className="stack">
          {displayNames.data.map((row) => (
            <DisplayNameRow key={row.channelId} row={row} />
          ))}
        </div>
      )}
    </Section>
  );
}
