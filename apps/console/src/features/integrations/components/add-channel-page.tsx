import { useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { CopyField } from '../../../components/copy-field';
import { RadioGroup, TextField } from '../../../components/field';
import { Page, Section } from '../../../components/page';
import { EmptyState, ErrorState, Loading } from '../../../components/status';
import { type TRouterOutputs, trpc } from '../../../lib/trpc';
import { validateFields } from '../../../lib/validation';
import { PluginConfigForm } from './plugin-config-form';
import { SendTestForm } from './send-test-form';

const messages = defineMessages({
  title: { id: 'integrations.addChannel.title', defaultMessage: 'Add channel' },
  description: {
    id: 'integrations.addChannel.description',
    defaultMessage:
      'Connect email, Telegram, WhatsApp, Facebook Messenger or a plugin: their messages arrive in the Inbox like website chats.',
  },
  kind: { id: 'integrations.addChannel.kind', defaultMessage: 'Kind of channel' },
  website: {
    id: 'integrations.addChannel.website',
    defaultMessage: 'A website? Add it on the Channels page to get its chat widget snippet.',
  },
  settings: { id: 'integrations.addChannel.settings', defaultMessage: 'Settings' },
  name: { id: 'integrations.addChannel.name', defaultMessage: 'Channel name' },
  namePlaceholder: { id: 'integrations.addChannel.namePlaceholder', defaultMessage: 'e.g. Support mailbox' },
  add: { id: 'integrations.addChannel.submit', defaultMessage: 'Add channel' },
  adding: { id: 'integrations.addChannel.adding', defaultMessage: 'Adding…' },
  none: { id: 'integrations.addChannel.none', defaultMessage: 'No channel plugins are loaded' },
  done: { id: 'integrations.addChannel.done', defaultMessage: 'Channel added' },
  doneText: defineMessage<{ name: string }>({
    id: 'integrations.addChannel.doneText',
    defaultMessage: '{name} is ready. New messages will appear in the Inbox.',
  }),
  webhook: { id: 'integrations.addChannel.webhook', defaultMessage: 'Webhook URL' },
  webhookHint: {
    id: 'integrations.addChannel.webhookHint',
    defaultMessage:
      'Give this address to the provider (for example in the Meta app dashboard) if it asks for one.',
  },
  polled: {
    id: 'integrations.addChannel.polled',
    defaultMessage: 'Parley checks this channel for new messages every 30 seconds.',
  },
  connected: defineMessage<{ detail: string }>({
    id: 'integrations.addChannel.connected',
    defaultMessage: 'Provider: {detail}',
  }),
  connectsTo: {
    id: 'integrations.addChannel.connectsTo',
    defaultMessage: 'This plugin will connect to:',
  },
  connectsToForm: {
    id: 'integrations.addChannel.connectsToForm',
    defaultMessage: 'the addresses you enter below',
  },
  connectsToNothing: {
    id: 'integrations.addChannel.connectsToNothing',
    defaultMessage: 'This plugin connects to no other server.',
  },
  toChannels: { id: 'integrations.addChannel.toChannels', defaultMessage: 'Back to channels' },
  addAnother: { id: 'integrations.addChannel.another', defaultMessage: 'Add another channel' },
});

type TPlugin = TRouterOutputs['integrations']['plugins'][number];
type TCreated = TRouterOutputs['integrations']['addChannel'];

/** J1: Manage → Channels → Add channel, for every loaded channel plugin. */
export function AddChannelPage() {
  const intl = useIntl();
  const plugins = trpc.integrations.plugins.useQuery();
  const [pluginName, setPluginName] = useState('');
  const [created, setCreated] = useState<{ name: string; result: TCreated } | null>(null);
  // H2: phone plugins are channels too (their calls ring the channel's agents).
  const channelPlugins = (plugins.data ?? []).filter(
    (p) => p.capabilities.includes('channel') || p.capabilities.includes('phone'),
  );
  const plugin = channelPlugins.find((p) => p.name === pluginName);

  if (created) {
    return (
      <Page title={messages.title}>
        <ChannelAdded
          name={created.name}
          result={created.result}
          onAnother={() => {
            setCreated(null);
            setPluginName('');
          }}
        />
      </Page>
    );
  }

  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      {plugins.isPending ? (
        <Loading />
      ) : plugins.isError ? (
        <ErrorState error={plugins.error} onRetry={() => plugins.refetch()} />
      ) : channelPlugins.length === 0 ? (
        <EmptyState title={<FormattedMessage {...messages.none} />} />
      ) : (
        <>
          <Section title={intl.formatMessage(messages.kind)}>
            <RadioGroup
              legend={intl.formatMessage(messages.kind)}
              name="plugin"
              value={pluginName}
              options={channelPlugins.map((p) => ({ value: p.name, label: p.displayName }))}
              onChange={setPluginName}
            />
            <p className="muted">
              <Link to="/manage/channels">
                <FormattedMessage {...messages.website} />
              </Link>
            </p>
          </Section>
          {plugin ? (
            <AddChannelForm
              key={plugin.name}
              plugin={plugin}
              onCreated={(name, result) => setCreated({ name, result })}
            />
          ) : null}
        </>
      )}
    </Page>
  );
}

function AddChannelForm({
  plugin,
  onCreated,
}: {
  plugin: TPlugin;
  onCreated: (name: string, result: TCreated) => void;
}) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [name, setName] = useState(plugin.displayName);
  const add = trpc.integrations.addChannel.useMutation({
    onSuccess: (result, input) => {
      void utils.channels.list.invalidate();
      void utils.integrations.list.invalidate();
      onCreated(input.name, result);
    },
  });
  return (
    <Section title={<FormattedMessage {...messages.settings} />} description={plugin.description}>
      <NetworkHosts plugin={plugin} />
      <PluginConfigForm
        plugin={plugin}
        validateExtra={() => validateFields({ name }, { name: ['required'] })}
        extraFields={(errors) => (
          <TextField
            label={intl.formatMessage(messages.name)}
            name="name"
            maxLength={100}
            placeholder={intl.formatMessage(messages.namePlaceholder)}
            value={name}
            onChange={(event) => setName(event.target.value)}
            error={errors.name}
          />
        )}
        submitLabel={<FormattedMessage {...(add.isPending ? messages.adding : messages.add)} />}
        pending={add.isPending}
        error={add.error}
        onSubmit={(config) => add.mutate({ plugin: plugin.name, name: name.trim(), config })}
      />
    </Section>
  );
}

/**
 * What a third-party plugin declared it calls (its manifest's networkHosts; the form's URL fields
 * add the addresses typed there), so the admin sees it before adding the channel. Parley's fetch
 * refuses anything else. Built-in plugins declare none.
 */
function NetworkHosts({ plugin }: { plugin: TPlugin }) {
  if (!plugin.networkHosts) return null;
  const items = [...plugin.networkHosts];
  if (items.length === 0 && !plugin.urlFields.length) {
    return (
      <p className="muted">
        <FormattedMessage {...messages.connectsToNothing} />
      </p>
    );
  }
  return (
    <div className="muted">
      <p id={`hosts-${plugin.name}`}>
        <FormattedMessage {...messages.connectsTo} />
      </p>
      <ul aria-labelledby={`hosts-${plugin.name}`}>
        {items.map((host) => (
          <li key={host}>
            <code>{host}</code>
          </li>
        ))}
        {plugin.urlFields.length ? (
          <li>
            <FormattedMessage {...messages.connectsToForm} />
          </li>
        ) : null}
      </ul>
    </div>
  );
}

function ChannelAdded({
  name,
  result,
  onAnother,
}: {
  name: string;
  result: TCreated;
  onAnother: () => void;
}) {
  const intl = useIntl();
  const { integration } = result;
  return (
    <Section title={<FormattedMessage {...messages.done} />}>
      <p role="status">
        <FormattedMessage {...messages.doneText} values={{ name }} />
      </p>
      {result.connected ? (
        <p>
          <FormattedMessage {...messages.connected} values={{ detail: result.connected }} />
        </p>
      ) : null}
      {integration.webhookUrl ? (
        <>
          <CopyField label={intl.formatMessage(messages.webhook)} value={integration.webhookUrl} />
          <p className="field-hint">
            <FormattedMessage {...messages.webhookHint} />
          </p>
        </>
      ) : integration.features?.inbound?.includes('poll') ? (
        <p className="muted">
          <FormattedMessage {...messages.polled} />
        </p>
      ) : null}
      <SendTestForm installId={result.installId} />
      <p className="form-actions">
        <Link to="/manage/channels" className="button">
          <FormattedMessage {...messages.toChannels} />
        </Link>
        <button type="button" className="button" onClick={onAnother}>
          <FormattedMessage {...messages.addAnother} />
        </button>
      </p>
    </Section>
  );
}
