import { type FormEvent, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate } from 'react-router';
import { TextField } from '../../../components/field';
import { Page, Section } from '../../../components/page';
import { EmptyState, ErrorState, FormError, Loading } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { hasErrors, type TFieldErrorIds, validateFields } from '../../../lib/validation';
import { ChannelListItem } from '../../integrations';

const messages = defineMessages({
  title: { id: 'channels.title', defaultMessage: 'Channels' },
  description: {
    id: 'channels.description',
    defaultMessage: 'The places visitors reach you from. A website channel is the chat widget on one site.',
  },
  addTitle: { id: 'channels.add.title', defaultMessage: 'Add website' },
  addDescription: {
    id: 'channels.add.description',
    defaultMessage: 'Name the site; you get a one-line snippet to paste into its pages.',
  },
  name: { id: 'channels.add.name', defaultMessage: 'Website name' },
  namePlaceholder: { id: 'channels.add.namePlaceholder', defaultMessage: 'e.g. Acme shop' },
  add: { id: 'channels.add.submit', defaultMessage: 'Add website' },
  adding: { id: 'channels.add.adding', defaultMessage: 'Adding…' },
  listTitle: { id: 'channels.list.title', defaultMessage: 'Your channels' },
  empty: { id: 'channels.list.empty', defaultMessage: 'No channels yet' },
  emptyText: {
    id: 'channels.list.emptyText',
    defaultMessage: 'Add your website above to put the chat on it.',
  },
  addChannel: { id: 'channels.addChannel', defaultMessage: 'Add email, Telegram, WhatsApp, Messenger…' },
});

/** J1: the channel list and "Add website". */
export function ChannelsPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const channels = trpc.channels.list.useQuery();
  const stats = trpc.integrations.channelStats.useQuery();
  const installs = trpc.integrations.list.useQuery();
  const [name, setName] = useState('');
  const [clientErrors, setClientErrors] = useState<TFieldErrorIds>({});
  const create = trpc.channels.create.useMutation({
    onSuccess: (channel) => {
      void utils.channels.list.invalidate();
      utils.channels.get.setData({ id: channel.id }, channel);
      navigate(`/manage/channels/${channel.id}`);
    },
  });
  const fieldErrors = useFieldErrors(clientErrors, create.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateFields({ name }, { name: ['required'] });
    setClientErrors(errors);
    if (hasErrors(errors)) return;
    create.mutate({ kind: 'website', name: name.trim() });
  }

  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      <p>
        <Link to="/manage/channels/new" className="button button-primary">
          <FormattedMessage {...messages.addChannel} />
        </Link>
      </p>
      <Section
        title={<FormattedMessage {...messages.addTitle} />}
        description={<FormattedMessage {...messages.addDescription} />}
      >
        <form className="form form-row" onSubmit={submit} noValidate>
          <TextField
            label={intl.formatMessage(messages.name)}
            name="name"
            maxLength={100}
            placeholder={intl.formatMessage(messages.namePlaceholder)}
            value={name}
            onChange={(event) => setName(event.target.value)}
            error={fieldErrors.name}
          />
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            <FormattedMessage {...(create.isPending ? messages.adding : messages.add)} />
          </button>
          <FormError error={create.error} />
        </form>
      </Section>
      <Section title={<FormattedMessage {...messages.listTitle} />}>
        {channels.isPending ? (
          <Loading />
        ) : channels.isError ? (
          <ErrorState error={channels.error} onRetry={() => channels.refetch()} />
        ) : channels.data.length === 0 ? (
          <EmptyState title={<FormattedMessage {...messages.empty} />}>
            <FormattedMessage {...messages.emptyText} />
          </EmptyState>
        ) : (
          <ul className="channel-list" aria-label={intl.formatMessage(messages.listTitle)}>
            {channels.data.map((channel) => (
              <ChannelListItem
                key={channel.id}
                channel={channel}
                stats={stats.data?.find((s) => s.channelId === channel.id)}
                install={installs.data?.find((i) => i.channel?.id === channel.id)}
              />
            ))}
          </ul>
        )}
      </Section>
    </Page>
  );
}
