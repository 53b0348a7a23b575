import { type ChangeEvent, useId, useRef, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Section } from '../../../components/page';
import { FormError, Notice } from '../../../components/status';
import { type TRouterOutputs, trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { checkPackageFile, PackageUploadError, type TPackagePreview, uploadPackage } from '../package-upload';
import { PermissionsReview } from './upgrade-notices';

const messages = defineMessages({
  title: { id: 'integrations.packages.title', defaultMessage: 'Plugin packages' },
  description: {
    id: 'integrations.packages.description',
    defaultMessage:
      'Third-party plugins installed on this server, for every account. They run without a restart, each in its own worker.',
  },
  empty: { id: 'integrations.packages.empty', defaultMessage: 'No plugin package is installed from here.' },
  add: { id: 'integrations.packages.add', defaultMessage: 'Add plugin package' },
  file: { id: 'integrations.packages.file', defaultMessage: 'Plugin package (.tgz)' },
  fileHint: {
    id: 'integrations.packages.fileHint',
    defaultMessage:
      'The file npm pack writes, up to 20 MB. Nothing of it runs before you approve what it asks for.',
  },
  upload: { id: 'integrations.packages.upload', defaultMessage: 'Upload and review' },
  uploading: { id: 'integrations.packages.uploading', defaultMessage: 'Reading the package…' },
  review: defineMessage<{ name: string; version: string }>({
    id: 'integrations.packages.review',
    defaultMessage: 'Review {name} {version}',
  }),
  upgradeFrom: defineMessage<{ version: string }>({
    id: 'integrations.packages.upgradeFrom',
    defaultMessage: 'Upgrade from version {version}. New requests are marked.',
  }),
  hostsHint: {
    id: 'integrations.packages.hostsHint',
    defaultMessage:
      'Besides the servers listed, it may contact only the addresses an admin types into its settings.',
  },
  install: defineMessage<{ name: string }>({
    id: 'integrations.packages.install',
    defaultMessage: 'Approve and install {name}',
  }),
  upgrade: defineMessage<{ version: string }>({
    id: 'integrations.packages.upgrade',
    defaultMessage: 'Approve and upgrade to {version}',
  }),
  installing: { id: 'integrations.packages.installing', defaultMessage: 'Installing…' },
  cancel: { id: 'integrations.packages.cancel', defaultMessage: 'Cancel' },
  installed: defineMessage<{ name: string; version: string }>({
    id: 'integrations.packages.installed',
    defaultMessage: '{name} {version} is installed.',
  }),
  version: defineMessage<{ version: string }>({
    id: 'integrations.packages.version',
    defaultMessage: 'version {version}',
  }),
  running: { id: 'integrations.packages.running', defaultMessage: 'Running' },
  restarting: { id: 'integrations.packages.restarting', defaultMessage: 'Restarting' },
  failed: { id: 'integrations.packages.failed', defaultMessage: 'Stopped after crashing' },
  off: { id: 'integrations.packages.off', defaultMessage: 'Turned off' },
  notLoaded: { id: 'integrations.packages.notLoaded', defaultMessage: 'Not loaded' },
  details: defineMessage<{ restarts: number; memory: string }>({
    id: 'integrations.packages.details',
    defaultMessage: 'restarts: {restarts}, memory: {memory}',
  }),
  enable: { id: 'integrations.packages.enable', defaultMessage: 'Turn on' },
  disable: { id: 'integrations.packages.disable', defaultMessage: 'Turn off' },
  remove: { id: 'integrations.packages.remove', defaultMessage: 'Remove' },
  removeTitle: defineMessage<{ name: string }>({
    id: 'integrations.packages.removeTitle',
    defaultMessage: 'Remove {name}?',
  }),
  removeText: {
    id: 'integrations.packages.removeText',
    defaultMessage:
      'Every server process stops it. Its integrations and channels stay, marked “Plugin not loaded”, until you install it again.',
  },
  removed: defineMessage<{ name: string; count: number }>({
    id: 'integrations.packages.removed',
    defaultMessage:
      '{name} is removed. {count, plural, =0 {} one {# integration waits for it.} other {# integrations wait for it.}}',
  }),
});

type TPackage = TRouterOutputs['integrations']['packages'][number];

function useRefreshPlugins() {
  const utils = trpc.useUtils();
  return () => {
    void utils.integrations.packages.invalidate();
    void utils.integrations.plugins.invalidate();
    void utils.integrations.list.invalidate();
    void utils.integrations.loadErrors.invalidate();
    void utils.channels.list.invalidate();
  };
}

/** K3: plugin packages installed while the server runs; owners add, upgrade, turn off and remove them. */
export function PluginPackages() {
  const intl = useIntl();
  const me = useMe();
  const packages = trpc.integrations.packages.useQuery();
  const isOwner = me.role === 'owner';
  const [removed, setRemoved] = useState<{ name: string; count: number } | null>(null);
  if (!isOwner && !packages.data?.length) return null;
  return (
    <Section
      title={<FormattedMessage {...messages.title} />}
      description={<FormattedMessage {...messages.description} />}
    >
      {packages.data?.length ? (
        <ul className="integration-list" aria-label={intl.formatMessage(messages.title)}>
          {packages.data.map((pkg) => (
            <PackageItem key={pkg.name} pkg={pkg} canManage={isOwner} onRemoved={setRemoved} />
          ))}
        </ul>
      ) : packages.data ? (
        <p className="muted">
          <FormattedMessage {...messages.empty} />
        </p>
      ) : null}
      {removed ? (
        <Notice>
          <FormattedMessage {...messages.removed} values={removed} />
        </Notice>
      ) : null}
      {isOwner ? <AddPackage /> : null}
    </Section>
  );
}

function AddPackage() {
  const intl = useIntl();
  const inputId = useId();
  const hintId = useId();
  const reviewId = useId();
  const input = useRef<HTMLInputElement>(null);
  const refresh = useRefreshPlugins();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [preview, setPreview] = useState<TPackagePreview | null>(null);
  const [done, setDone] = useState<{ name: string; version: string } | null>(null);
  const confirm = trpc.integrations.confirmPackage.useMutation({
    onSuccess: (pkg) => {
      setDone({ name: pkg.displayName, version: pkg.version });
      setPreview(null);
      setFile(null);
      if (input.current) input.current.value = '';
      refresh();
    },
  });

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0] ?? null;
    setPreview(null);
    setDone(null);
    confirm.reset();
    const problem = chosen ? checkPackageFile(chosen) : null;
    setError(problem ? new PackageUploadError(problem, 0) : null);
    setFile(problem ? null : chosen);
  };

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setPreview(await uploadPackage(file));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const detail = error instanceof PackageUploadError ? error.detail : null;
  // The server's own words for a version whose code was refused (what the package.json check cannot see).
  const refusedDetail =
    (confirm.error?.data as { appCode?: string } | null | undefined)?.appCode === 'plugin_package.refused'
      ? confirm.error?.message
      : null;
  return (
    <div className="package-add">
      <h3 className="upgrade-notice-title">
        <FormattedMessage {...messages.add} />
      </h3>
      <div className="field">
        <label htmlFor={inputId} className="field-label">
          {intl.formatMessage(messages.file)}
        </label>
        <input
          id={inputId}
          ref={input}
          type="file"
          accept=".tgz,.tar.gz,application/gzip"
          aria-describedby={hintId}
          onChange={choose}
          disabled={busy || confirm.isPending}
        />
        <p className="field-hint" id={hintId}>
          {intl.formatMessage(messages.fileHint)}
        </p>
      </div>
      {file && !preview ? (
        <div className="form-actions">
          <button type="button" className="button button-primary" onClick={upload} disabled={busy}>
            {intl.formatMessage(busy ? messages.uploading : messages.upload)}
          </button>
        </div>
      ) : null}
      <FormError error={error} />
      {detail ? (
        <p className="integration-error" lang="en">
          {detail}
        </p>
      ) : null}
      {preview ? (
        <section className="upgrade-notice" aria-labelledby={reviewId}>
          <h4 id={reviewId} className="upgrade-notice-title">
            <FormattedMessage
              {...messages.review}
              values={{ name: preview.displayName, version: preview.version }}
            />
          </h4>
          <p className="muted">
            <code>{preview.name}</code>
            {preview.description ? <> — {preview.description}</> : null}
          </p>
          {preview.current ? (
            <p>
              <FormattedMessage {...messages.upgradeFrom} values={{ version: preview.current.version }} />
            </p>
          ) : null}
          <PermissionsReview id={reviewId} requested={preview.permissions} added={preview.added} />
          <p className="field-hint">
            <FormattedMessage {...messages.hostsHint} />
          </p>
          <div className="form-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={confirm.isPending}
              onClick={() => confirm.mutate({ name: preview.name, sha256: preview.sha256 })}
            >
              {confirm.isPending ? (
                <FormattedMessage {...messages.installing} />
              ) : preview.current ? (
                <FormattedMessage {...messages.upgrade} values={{ version: preview.version }} />
              ) : (
                <FormattedMessage {...messages.install} values={{ name: preview.displayName }} />
              )}
            </button>
            <button
              type="button"
              className="button button-ghost"
              disabled={confirm.isPending}
              onClick={() => {
                setPreview(null);
                setFile(null);
                if (input.current) input.current.value = '';
              }}
            >
              <FormattedMessage {...messages.cancel} />
            </button>
          </div>
          <FormError error={confirm.error} />
          {refusedDetail ? (
            <p className="integration-error" lang="en">
              {refusedDetail}
            </p>
          ) : null}
        </section>
      ) : null}
      {done ? (
        <Notice>
          <FormattedMessage {...messages.installed} values={done} />
        </Notice>
      ) : null}
    </div>
  );
}

function stateMessage(pkg: TPackage) {
  if (pkg.status === 'disabled') return messages.off;
  if (!pkg.running) return messages.notLoaded;
  if (pkg.running.state === 'failed') return messages.failed;
  if (pkg.running.state === 'restarting') return messages.restarting;
  return messages.running;
}

function PackageItem({
  pkg,
  canManage,
  onRemoved,
}: {
  pkg: TPackage;
  canManage: boolean;
  onRemoved: (removed: { name: string; count: number }) => void;
}) {
  const intl = useIntl();
  const refresh = useRefreshPlugins();
  const headingId = useId();
  const [confirming, setConfirming] = useState(false);
  const setEnabled = trpc.integrations.setPackageEnabled.useMutation({ onSuccess: refresh });
  const remove = trpc.integrations.removePackage.useMutation({
    onSuccess: (result) => {
      setConfirming(false);
      onRemoved({ name: pkg.displayName, count: result.pausedInstalls });
      refresh();
    },
  });
  const state = stateMessage(pkg);
  const healthy = state === messages.running;
  const version = pkg.running?.version ?? pkg.version;
  return (
    <li className="integration-item" aria-labelledby={headingId}>
      <div className="integration-head">
        <h3 id={headingId} className="integration-name">
          {pkg.displayName}
        </h3>
        <code>{pkg.name}</code>
        <span className="muted">
          <FormattedMessage {...messages.version} values={{ version }} />
        </span>
        <span className={`badge ${healthy ? 'badge-success' : 'badge-warning'}`}>
          <FormattedMessage {...state} />
        </span>
      </div>
      {pkg.running && pkg.running.memoryMb !== null ? (
        <p className="muted">
          <FormattedMessage
            {...messages.details}
            values={{ restarts: pkg.running.restarts, memory: `${Math.round(pkg.running.memoryMb)} MB` }}
          />
        </p>
      ) : null}
      {pkg.running?.lastFault ? <p className="integration-error">{pkg.running.lastFault}</p> : null}
      {pkg.problems.length ? (
        <ul>
          {pkg.problems.map((problem) => (
            <li key={problem} className="integration-error" lang="en">
              {problem}
            </li>
          ))}
        </ul>
      ) : null}
      {canManage ? (
        <div className="form-actions">
          <button
            type="button"
            className="button"
            aria-label={`${intl.formatMessage(pkg.status === 'disabled' ? messages.enable : messages.disable)}: ${pkg.displayName}`}
            disabled={setEnabled.isPending}
            onClick={() => setEnabled.mutate({ name: pkg.name, enabled: pkg.status === 'disabled' })}
          >
            <FormattedMessage {...(pkg.status === 'disabled' ? messages.enable : messages.disable)} />
          </button>
          <button
            type="button"
            className="button button-danger"
            aria-label={`${intl.formatMessage(messages.remove)}: ${pkg.displayName}`}
            onClick={() => setConfirming(true)}
          >
            <FormattedMessage {...messages.remove} />
          </button>
        </div>
      ) : null}
      <FormError error={setEnabled.error} />
      <ConfirmDialog
        open={confirming}
        danger
        title={<FormattedMessage {...messages.removeTitle} values={{ name: pkg.displayName }} />}
        confirmLabel={<FormattedMessage {...messages.remove} />}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate({ name: pkg.name })}
        onCancel={() => setConfirming(false)}
      >
        <FormattedMessage {...messages.removeText} />
      </ConfirmDialog>
    </li>
  );
}
