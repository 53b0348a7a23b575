import type { ReactNode } from 'react';
import { defineMessage, defineMessages, FormattedMessage, type MessageDescriptor, useIntl } from 'react-intl';
import { FormError } from '../../../components/status';
import { type TRouterOutputs, trpc } from '../../../lib/trpc';

type TInstall = TRouterOutputs['integrations']['list'][number];
type TPermissions = NonNullable<TInstall['pendingPermissions']>['requested'];

const messages = defineMessages({
  permissionsTitle: defineMessage<{ name: string; version: string }>({
    id: 'integrations.permissions.title',
    defaultMessage: '{name} {version} asks for more than you approved',
  }),
  permissionsText: {
    id: 'integrations.permissions.text',
    defaultMessage:
      'The integration is paused until you approve. Nothing of this version runs before that. New requests are marked.',
  },
  hosts: { id: 'integrations.permissions.hosts', defaultMessage: 'Servers it may contact' },
  capabilities: { id: 'integrations.permissions.capabilities', defaultMessage: 'What it provides' },
  none: { id: 'integrations.permissions.none', defaultMessage: 'None' },
  added: { id: 'integrations.permissions.added', defaultMessage: 'new' },
  approve: { id: 'integrations.permissions.approve', defaultMessage: 'Approve and turn on' },
  approving: { id: 'integrations.permissions.approving', defaultMessage: 'Approving…' },
  configurationTitle: defineMessage<{ name: string; version: string }>({
    id: 'integrations.needsConfiguration.title',
    defaultMessage: '{name} {version} needs settings this integration does not have yet',
  }),
  configurationText: {
    id: 'integrations.needsConfiguration.text',
    defaultMessage:
      'The integration is paused so that it does not fail on every message. Complete the marked fields in its settings and save: it turns on again.',
  },
  channel: { id: 'integrations.permissions.capability.channel', defaultMessage: 'Channel' },
  translator: { id: 'integrations.permissions.capability.translator', defaultMessage: 'Translator' },
  gif: { id: 'integrations.permissions.capability.gif', defaultMessage: 'GIF search' },
});

const capabilityMessages: Record<string, MessageDescriptor> = {
  channel: messages.channel,
  translator: messages.translator,
  gif: messages.gif,
};

function PermissionList({
  id,
  items,
  added,
  render,
}: {
  id: string;
  items: string[];
  added: string[];
  render: (item: string) => ReactNode;
}) {
  if (items.length === 0) {
    return (
      <p className="muted" id={id}>
        <FormattedMessage {...messages.none} />
      </p>
    );
  }
  return (
    <ul className="permission-list" aria-labelledby={id}>
      {items.map((item) => (
        <li key={item} className={added.includes(item) ? 'permission-added' : undefined}>
          {render(item)}
          {added.includes(item) ? (
            <>
              {' '}
              <span className="badge badge-warning">
                <FormattedMessage {...messages.added} />
              </span>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** The servers a plugin may contact and what it provides, the entries in `added` marked new. */
export function PermissionsReview({
  id,
  requested,
  added,
}: {
  id: string;
  requested: TPermissions;
  added: TPermissions | null;
}) {
  return (
    <>
      <h5 id={`${id}-hosts`} className="upgrade-notice-subtitle">
        <FormattedMessage {...messages.hosts} />
      </h5>
      <PermissionList
        id={`${id}-hosts`}
        items={requested.networkHosts}
        added={added?.networkHosts ?? []}
        render={(host) => <code>{host}</code>}
      />
      <h5 id={`${id}-capabilities`} className="upgrade-notice-subtitle">
        <FormattedMessage {...messages.capabilities} />
      </h5>
      <PermissionList
        id={`${id}-capabilities`}
        items={requested.capabilities}
        added={added?.capabilities ?? []}
        render={(capability) => {
          const message = capabilityMessages[capability];
          return message ? <FormattedMessage {...message} /> : capability;
        }}
      />
    </>
  );
}

/** What the running version asks for beyond the approval, with the approve button. */
export function PendingPermissionsNotice({
  install,
  onChanged,
}: {
  install: TInstall;
  onChanged: (updated: TInstall) => void;
}) {
  const intl = useIntl();
  const approve = trpc.integrations.approvePermissions.useMutation({ onSuccess: onChanged });
  const pending = install.pendingPermissions;
  if (!pending) return null;
  const requested: TPermissions = pending.requested;
  const headingId = `permissions-${install.id}`;
  return (
    <section className="upgrade-notice" aria-labelledby={headingId}>
      <h4 id={headingId} className="upgrade-notice-title">
        <FormattedMessage
          {...messages.permissionsTitle}
          values={{ name: install.displayName, version: install.version }}
        />
      </h4>
      <p className="muted">
        <FormattedMessage {...messages.permissionsText} />
      </p>
      <PermissionsReview id={headingId} requested={requested} added={pending.added} />
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          aria-label={`${intl.formatMessage(messages.approve)}: ${install.displayName}`}
          disabled={approve.isPending}
          onClick={() => approve.mutate({ id: install.id, version: install.version })}
        >
          <FormattedMessage {...(approve.isPending ? messages.approving : messages.approve)} />
        </button>
      </div>
      <FormError error={approve.error} />
    </section>
  );
}

/** The running version needs settings the install lacks: say so above its (opened) form. */
export function NeedsConfigurationNotice({ install }: { install: TInstall }) {
  if (!install.needsConfiguration) return null;
  return (
    <div className="upgrade-notice" role="status">
      <p className="upgrade-notice-title">
        <FormattedMessage
          {...messages.configurationTitle}
          values={{ name: install.displayName, version: install.version }}
        />
      </p>
      <p className="muted">
        <FormattedMessage {...messages.configurationText} />
      </p>
    </div>
  );
}
