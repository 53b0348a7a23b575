import { useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from 'react-router';
import { SelectField } from '../../../components/field';
import { Page, Section } from '../../../components/page';
import { RelativeTime } from '../../../components/relative-time';
import { EmptyState, ErrorState, FormError, Loading, Notice } from '../../../components/status';
import { type TRouterOutputs, trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { HealthBadge } from './health-badge';
import { PluginConfigForm } from './plugin-config-form';
import { PluginIcon } from './plugin-icon';
import { PluginPackages } from './plugin-packages';
import { SendTestForm } from './send-test-form';
import { NeedsConfigurationNotice, PendingPermissionsNotice } from './upgrade-notices';

const messages = defineMessages({
  title: { id: 'integrations.title', defaultMessage: 'Integrations' },
  description: {
    id: 'integrations.description',
    defaultMessage: 'Plugins that connect Parley to other services: channels, translators and GIF search.',
  },
  addTitle: { id: 'integrations.add.title', defaultMessage: 'Add integration' },
  addDescription: {
    id: 'integrations.add.description',
    defaultMessage: 'Translators and GIF providers serve the whole team. Channels are added under Channels.',
  },
  plugin: { id: 'integrations.add.plugin', defaultMessage: 'Plugin' },
  choose: { id: 'integrations.add.choose', defaultMessage: 'Choose a plugin…' },
  install: { id: 'integrations.add.submit', defaultMessage: 'Add integration' },
  installing: { id: 'integrations.add.adding', defaultMessage: 'Adding…' },
  installed: { id: 'integrations.list.title', defaultMessage: 'Installed' },
  empty: { id: 'integrations.list.empty', defaultMessage: 'Nothing installed yet' },
  emptyText: {
    id: 'integrations.list.emptyText',
    defaultMessage: 'Add a translator or a GIF provider above, or a channel under Channels → Add channel.',
  },
  version: defineMessage<{ version: string }>({
    id: 'integrations.version',
    defaultMessage: 'version {version}',
  }),
  channel: { id: 'integrations.channel', defaultMessage: 'Channel:' },
  lastError: { id: 'integrations.lastError', defaultMessage: 'Last error' },
  disabledReason: defineMessage<{ reason: string }>({
    id: 'integrations.disabledReason',
    defaultMessage: 'Turned off: {reason}',
  }),
  enable: { id: 'integrations.enable', defaultMessage: 'Turn on' },
  disable: { id: 'integrations.disable', defaultMessage: 'Turn off' },
  configure: { id: 'integrations.configure', defaultMessage: 'Settings' },
  closeSettings: { id: 'integrations.closeSettings', defaultMessage: 'Close settings' },
  save: { id: 'integrations.save', defaultMessage: 'Save settings' },
  saving: { id: 'integrations.saving', defaultMessage: 'Saving…' },
  saved: { id: 'integrations.saved', defaultMessage: 'Settings saved.' },
  webhook: { id: 'integrations.webhook', defaultMessage: 'Webhook URL:' },
  unavailable: { id: 'integrations.unavailable', defaultMessage: 'Plugin not loaded' },
  unavailableText: defineMessage<{ name: string }>({
    id: 'integrations.unavailableText',
    defaultMessage:
      'This server has not loaded {name}, so this integration does nothing. To use it again, install its package under Plugin packages (or add it to PARLEY_PLUGINS and restart); or turn it off.',
  }),
  paused: { id: 'integrations.paused', defaultMessage: 'Waiting for you' },
  settingsVersion: defineMessage<{ version: string }>({
    id: 'integrations.settingsVersion',
    defaultMessage: 'settings from version {version}',
  }),
  refused: { id: 'integrations.refused.title', defaultMessage: 'Plugins that could not be loaded' },
  refusedText: {
    id: 'integrations.refused.text',
    defaultMessage: 'These packages are named in PARLEY_PLUGINS but were skipped at start:',
  },
});

type TInstall = TRouterOutputs['integrations']['list'][number];
type TPlugin = TRouterOutputs['integrations']['plugins'][number];

/** J2: installed plugins with version, health and last error; turn on/off; settings from the schema. */
export function IntegrationsPage() {
  const { installId } = useParams();
  const plugins = trpc.integrations.plugins.useQuery();
  const installs = trpc.integrations.list.useQuery();
  const refused = trpc.integrations.loadErrors.useQuery();
  const me = useMe();
  const byName = new Map((plugins.data ?? []).map((p) => [p.name, p]));

  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      {plugins.data ? (
        <AddIntegration
          plugins={plugins.data.filter(
            (p) =>
              !p.capabilities.includes('channel') &&
              !p.capabilities.includes('phone') &&
              // J6: billing is the instance operator's (the server refuses anyone else).
              (me.operator || !p.capabilities.includes('billing')),
          )}
        />
      ) : null}
      <Section title={<FormattedMessage {...messages.installed} />}>
        {installs.isPending || plugins.isPending ? (
          <Loading />
        ) : installs.isError ? (
          <ErrorState error={installs.error} onRetry={() => installs.refetch()} />
        ) : installs.data.length === 0 ? (
          <EmptyState title={<FormattedMessage {...messages.empty} />}>
            <FormattedMessage {...messages.emptyText} />
          </EmptyState>
        ) : (
          <ul className="integration-list">
            {installs.data.map((install) => (
              <InstallItem
                key={install.id}
                install={install}
                plugin={byName.get(install.name)}
                initiallyOpen={install.id === installId}
              />
            ))}
          </ul>
        )}
      </Section>
      <PluginPackages />
      {refused.data?.length ? (
        <Section
          title={<FormattedMessage {...messages.refused} />}
          description={<FormattedMessage {...messages.refusedText} />}
        >
          <ul className="integration-list">
            {refused.data.map((item) => (
              <li key={item.specifier} className="integration-item">
                <code>{item.specifier}</code>
                <ul>
                  {item.problems.map((problem) => (
                    <li key={problem} className="integration-error">
                      {problem}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </Page>
  );
}

function AddIntegration({ plugins }: { plugins: TPlugin[] }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [name, setName] = useState('');
  const install = trpc.integrations.install.useMutation({
    onSuccess: () => {
      void utils.integrations.list.invalidate();
      setName('');
    },
  });
  const plugin = plugins.find((p) => p.name === name);
  if (plugins.length === 0) return null;
  return (
    <Section
      title={<FormattedMessage {...messages.addTitle} />}
      description={<FormattedMessage {...messages.addDescription} />}
    >
      <SelectField
        label={intl.formatMessage(messages.plugin)}
        name="plugin"
        value={name}
        onChange={(event) => {
          install.reset();
          setName(event.target.value);
        }}
      >
        <option value="">{intl.formatMessage(messages.choose)}</option>
        {plugins.map((p) => (
          <option key={p.name} value={p.name}>
            {p.displayName}
          </option>
        ))}
      </SelectField>
      {plugin ? (
        <>
          {plugin.description ? <p className="muted">{plugin.description}</p> : null}
          <PluginConfigForm
            key={plugin.name}
            plugin={plugin}
            submitLabel={
              <FormattedMessage {...(install.isPending ? messages.installing : messages.install)} />
            }
            pending={install.isPending}
            error={install.error}
            onSubmit={(config) => install.mutate({ name: plugin.name, config })}
          />
        </>
      ) : null}
    </Section>
  );
}

function InstallItem({
  install,
  plugin,
  initiallyOpen,
}: {
  install: TInstall;
  plugin: TPlugin | undefined;
  initiallyOpen: boolean;
}) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  // An upgrade that needs settings opens them: that is what the admin came to do.
  const [open, setOpen] = useState(initiallyOpen || install.needsConfiguration !== null);
  const onChanged = (updated: TInstall) => {
    utils.integrations.list.setData(undefined, (list) =>
      list?.map((i) => (i.id === updated.id ? updated : i)),
    );
    void utils.channels.list.invalidate();
  };
  const setEnabled = trpc.integrations.setEnabled.useMutation({ onSuccess: onChanged });
  const configure = trpc.integrations.configure.useMutation({ onSuccess: onChanged });
  const title = install.displayName;
  const headingId = `install-${install.id}`;
  // Paused by an upgrade: the notices below say what is needed instead of the raw reason.
  const paused = install.pendingPermissions !== null || install.needsConfiguration !== null;

  return (
    <li className="integration-item" aria-labelledby={headingId}>
      <div className="integration-head">
        <PluginIcon url={install.iconUrl} name={title} />
        <h3 id={headingId} className="integration-name">
          {title}
        </h3>
        <span className="muted">
          <FormattedMessage {...messages.version} values={{ version: install.version }} />
          {install.settingsVersion !== install.version && !install.needsConfiguration ? (
            <>
              {' '}
              (
              <FormattedMessage {...messages.settingsVersion} values={{ version: install.settingsVersion }} />
              )
            </>
          ) : null}
        </span>
        {install.available && paused ? (
          <span className="badge badge-warning">
            <FormattedMessage {...messages.paused} />
          </span>
        ) : install.available ? (
          <HealthBadge health={install.enabled ? install.health : 'disabled'} />
        ) : (
          <span className="integration-error">
            <FormattedMessage {...messages.unavailable} />
          </span>
        )}
        {install.channel ? (
          <span className="muted">
            <FormattedMessage {...messages.channel} /> {install.channel.name}
          </span>
        ) : null}
      </div>
      {install.available ? null : (
        <p className="muted">
          <FormattedMessage {...messages.unavailableText} values={{ name: install.name }} />
        </p>
      )}
      <PendingPermissionsNotice install={install} onChanged={onChanged} />
      {install.disabledReason && !install.enabled && !paused ? (
        <p className="muted">
          <FormattedMessage {...messages.disabledReason} values={{ reason: install.disabledReason }} />
        </p>
      ) : null}
      {install.lastError ? (
        <p className="integration-error">
          <FormattedMessage {...messages.lastError} />
          {install.lastErrorAt ? (
            <>
              {' '}
              (<RelativeTime value={install.lastErrorAt} />)
            </>
          ) : null}
          : <span>{install.lastError}</span>
        </p>
      ) : null}
      {install.webhookUrl ? (
        <p className="muted">
          <FormattedMessage {...messages.webhook} /> <code>{install.webhookUrl}</code>
        </p>
      ) : null}
      <div className="form-actions">
        {install.pendingPermissions ? null : (
          <button
            type="button"
            className="button"
            aria-label={`${intl.formatMessage(install.enabled ? messages.disable : messages.enable)}: ${title}`}
            disabled={setEnabled.isPending}
            onClick={() => setEnabled.mutate({ id: install.id, enabled: !install.enabled })}
          >
            <FormattedMessage {...(install.enabled ? messages.disable : messages.enable)} />
          </button>
        )}
        {install.available ? (
          <button
            type="button"
            className="button"
            aria-expanded={open}
            aria-label={`${intl.formatMessage(open ? messages.closeSettings : messages.configure)}: ${title}`}
            onClick={() => setOpen(!open)}
          >
            <FormattedMessage {...(open ? messages.closeSettings : messages.configure)} />
          </button>
        ) : null}
        {install.channel ? (
          <Link to="/manage/channels" className="button button-link">
            {install.channel.name}
          </Link>
        ) : null}
      </div>
      <FormError error={setEnabled.error} />
      {open && plugin && install.config ? (
        <div className="integration-settings">
          <NeedsConfigurationNotice install={install} />
          <PluginConfigForm
            plugin={plugin}
            stored={install.config}
            extraErrors={install.needsConfiguration?.errors ?? {}}
            submitLabel={<FormattedMessage {...(configure.isPending ? messages.saving : messages.save)} />}
            pending={configure.isPending}
            error={configure.error}
            onSubmit={(config) => configure.mutate({ id: install.id, config })}
          />
          {configure.isSuccess ? (
            <Notice>
              <FormattedMessage {...messages.saved} />
            </Notice>
          ) : null}
          {install.channel ? <SendTestForm installId={install.id} /> : null}
        </div>
      ) : null}
    </li>
  );
}
