import { useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, type MessageDescriptor, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { RelativeTime } from '../../../components/relative-time';
import { FormError } from '../../../components/status';
import { type TRouterOutputs, trpc } from '../../../lib/trpc';
import { HealthBadge } from './health-badge';
import { PluginIcon } from './plugin-icon';

const messages = defineMessages({
  enabled: { id: 'channels.enabled', defaultMessage: 'On' },
  disabled: { id: 'channels.disabled', defaultMessage: 'Off' },
  waiting: { id: 'channels.waitingForAdmin', defaultMessage: 'Paused: open its settings' },
  conversations: defineMessage<{ count: number }>({
    id: 'channels.stats.conversations',
    defaultMessage: '{count, plural, one {# conversation} other {# conversations}}',
  }),
  messages: defineMessage<{ count: number }>({
    id: 'channels.stats.messages',
    defaultMessage: '{count, plural, one {# message} other {# messages}}',
  }),
  lastActivity: { id: 'channels.stats.lastActivity', defaultMessage: 'last activity' },
  noActivity: { id: 'channels.stats.none', defaultMessage: 'no conversations yet' },
  added: { id: 'channels.added', defaultMessage: 'Added' },
  rejected: defineMessage<{ count: number; reason: string }>({
    id: 'channels.rejected',
    defaultMessage:
      '{count, plural, one {# message} other {# messages}} could not be read and were kept at the provider (last reason: {reason})',
  }),
  settings: { id: 'channels.settings', defaultMessage: 'Settings' },
  turnOn: { id: 'channels.turnOn', defaultMessage: 'Turn on' },
  turnOff: { id: 'channels.turnOff', defaultMessage: 'Turn off' },
  remove: { id: 'channels.delete', defaultMessage: 'Delete' },
  confirmTitle: defineMessage<{ name: string }>({
    id: 'channels.delete.title',
    defaultMessage: 'Delete {name}?',
  }),
  confirmText: {
    id: 'channels.delete.text',
    defaultMessage:
      'New messages from this channel stop arriving and its settings and secrets are deleted. Its past conversations stay in the Archive.',
  },
  confirm: { id: 'channels.delete.confirm', defaultMessage: 'Delete channel' },
  confirmOff: defineMessage<{ name: string }>({
    id: 'channels.disable.title',
    defaultMessage: 'Turn off {name}?',
  }),
  confirmOffText: {
    id: 'channels.disable.text',
    defaultMessage:
      'Visitors and contacts of this channel can no longer reach you until you turn it on again.',
  },
});

export const channelKindMessages: Record<string, MessageDescriptor> = defineMessages({
  website: { id: 'channels.kind.website', defaultMessage: 'Website' },
  email: { id: 'channels.kind.email', defaultMessage: 'Email' },
  telegram: { id: 'channels.kind.telegram', defaultMessage: 'Telegram' },
  whatsapp: { id: 'channels.kind.whatsapp', defaultMessage: 'WhatsApp' },
  messenger: { id: 'channels.kind.messenger', defaultMessage: 'Messenger' },
  phone: { id: 'channels.kind.phone', defaultMessage: 'Phone' },
  plugin: { id: 'channels.kind.plugin', defaultMessage: 'Plugin' },
});

type TChannel = TRouterOutputs['channels']['list'][number];
type TStats = TRouterOutputs['integrations']['channelStats'][number];
type TInstall = TRouterOutputs['integrations']['list'][number];

/** J1: one channel in Manage → Channels: kind, status, health, counts, settings, turn off, delete. */
export function ChannelListItem({
  channel,
  stats,
  install,
}: {
  channel: TChannel;
  stats: TStats | undefined;
  install: TInstall | undefined;
}) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [confirm, setConfirm] = useState<'delete' | 'disable' | null>(null);
  const refresh = () => {
    void utils.channels.list.invalidate();
    void utils.integrations.list.invalidate();
    void utils.integrations.channelStats.invalidate();
    setConfirm(null);
  };
  const updateWebsite = trpc.channels.update.useMutation({ onSuccess: refresh });
  const setInstallEnabled = trpc.integrations.setEnabled.useMutation({ onSuccess: refresh });
  const remove = trpc.integrations.removeChannel.useMutation({ onSuccess: refresh });
  const toggling = updateWebsite.isPending || setInstallEnabled.isPending;
  const settingsUrl = install ? `/manage/integrations/${install.id}` : `/manage/channels/${channel.id}`;

  function setEnabled(enabled: boolean) {
    if (install) setInstallEnabled.mutate({ id: install.id, enabled });
    else updateWebsite.mutate({ id: channel.id, enabled });
  }

  const kind = channelKindMessages[channel.kind] ?? channelKindMessages.plugin;
  // A third-party channel is known by its plugin's display name ("HTTP bridge"), not "Plugin".
  const kindLabel =
    channel.kind === 'plugin' && install ? install.displayName : kind ? <FormattedMessage {...kind} /> : null;
  return (
    <li className="channel-item">
      {install?.iconUrl ? <PluginIcon url={install.iconUrl} name={install.displayName} /> : null}
      <Link to={settingsUrl} className="channel-name">
        {channel.name}
      </Link>
      {kindLabel ? <span className="badge badge-muted">{kindLabel}</span> : null}
      <span className={`badge ${channel.enabled ? 'badge-success' : 'badge-warning'}`}>
        <FormattedMessage {...(channel.enabled ? messages.enabled : messages.disabled)} />
      </span>
      {install && channel.enabled ? (
        install.pendingPermissions || install.needsConfiguration ? (
          <Link to={settingsUrl} className="badge badge-warning">
            <FormattedMessage {...messages.waiting} />
          </Link>
        ) : (
          <HealthBadge health={install.health} />
        )
      ) : null}
      {install?.rejected ? (
        <span className="integration-error channel-rejected" role="note">
          <FormattedMessage
            {...messages.rejected}
            values={{ count: install.rejected.count, reason: install.rejected.reason ?? '' }}
          />
        </span>
      ) : null}
      <span className="muted channel-meta">
        {stats ? (
          <>
            <FormattedMessage {...messages.conversations} values={{ count: stats.conversations }} /> ·{' '}
            <FormattedMessage {...messages.messages} values={{ count: stats.messages }} />
            {stats.lastActivityAt ? (
              <>
                {' '}
                · <FormattedMessage {...messages.lastActivity} />{' '}
                <RelativeTime value={stats.lastActivityAt} />
              </>
            ) : null}
          </>
        ) : (
          <FormattedMessage {...messages.noActivity} />
        )}
        {' · '}
        <FormattedMessage {...messages.added} /> <RelativeTime value={channel.createdAt} />
      </span>
      <span className="channel-actions">
        <Link
          to={settingsUrl}
          className="button button-small"
          aria-label={`${intl.formatMessage(messages.settings)}: ${channel.name}`}
        >
          <FormattedMessage {...messages.settings} />
        </Link>
        <button
          type="button"
          className="button button-small"
          disabled={toggling}
          aria-label={`${intl.formatMessage(channel.enabled ? messages.turnOff : messages.turnOn)}: ${channel.name}`}
          onClick={() => (channel.enabled ? setConfirm('disable') : setEnabled(true))}
        >
          <FormattedMessage {...(channel.enabled ? messages.turnOff : messages.turnOn)} />
        </button>
        <button
          type="button"
          className="button button-small button-danger"
          aria-label={`${intl.formatMessage(messages.remove)}: ${channel.name}`}
          onClick={() => setConfirm('delete')}
        >
          <FormattedMessage {...messages.remove} />
        </button>
      </span>
      <FormError error={confirm ? null : (updateWebsite.error ?? setInstallEnabled.error)} />
      <ConfirmDialog
        open={confirm === 'disable'}
        title={<FormattedMessage {...messages.confirmOff} values={{ name: channel.name }} />}
        confirmLabel={<FormattedMessage {...messages.turnOff} />}
        pending={toggling}
        error={updateWebsite.error ?? setInstallEnabled.error}
        onConfirm={() => setEnabled(false)}
        onCancel={() => setConfirm(null)}
      >
        <FormattedMessage {...messages.confirmOffText} />
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'delete'}
        danger
        title={<FormattedMessage {...messages.confirmTitle} values={{ name: channel.name }} />}
        confirmLabel={<FormattedMessage {...messages.confirm} />}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate({ channelId: channel.id })}
        onCancel={() => setConfirm(null)}
      >
        <FormattedMessage {...messages.confirmText} />
      </ConfirmDialog>
    </li>
  );
}
