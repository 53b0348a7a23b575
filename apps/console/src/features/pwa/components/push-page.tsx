import { useEffect, useState, useSyncExternalStore } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Page, Section } from '../../../components/page';
import { RelativeTime } from '../../../components/relative-time';
import { EmptyState, ErrorState, FormError, Loading, Notice } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { currentSubscription, pushSupport, subscribeThisDevice } from '../push-client';
import { installState } from '../register';

const messages = defineMessages({
  title: { id: 'push.title', defaultMessage: 'Push notifications' },
  description: {
    id: 'push.description',
    defaultMessage:
      'Get new chat requests, mentions, reminders and team messages on this device while Parley is closed.',
  },
  thisDevice: { id: 'push.thisDevice', defaultMessage: 'This device' },
  on: { id: 'push.on', defaultMessage: 'Push notifications are on for this device.' },
  off: { id: 'push.off', defaultMessage: 'Push notifications are off for this device.' },
  turnOn: { id: 'push.turnOn', defaultMessage: 'Turn on push notifications' },
  turnOff: { id: 'push.turnOff', defaultMessage: 'Turn off push notifications' },
  preview: { id: 'push.preview', defaultMessage: 'Show a short preview of the message' },
  previewHint: {
    id: 'push.previewHint',
    defaultMessage: 'Off: notifications only say what happened, never what was written.',
  },
  unsupported: {
    id: 'push.unsupported',
    defaultMessage:
      'This browser cannot receive push notifications here. On iPhone and iPad, add Parley to the Home Screen first.',
  },
  denied: {
    id: 'push.denied',
    defaultMessage: 'Notifications are blocked for this site. Allow them in the browser’s site settings.',
  },
  settingOff: {
    id: 'push.settingOff',
    defaultMessage: 'Your notification type is “Off” (Settings → General), so nothing is pushed.',
  },
  whenClosed: {
    id: 'push.whenClosed',
    defaultMessage:
      'Pushes arrive only while no Parley tab of yours is open; an open console notifies you itself.',
  },
  devices: { id: 'push.devices', defaultMessage: 'Your devices with push notifications' },
  noDevices: { id: 'push.noDevices', defaultMessage: 'No device receives push notifications yet.' },
  unknownDevice: { id: 'push.unknownDevice', defaultMessage: 'Unknown browser' },
  remove: { id: 'push.remove', defaultMessage: 'Remove' },
  install: { id: 'push.install', defaultMessage: 'Install app' },
  installTitle: { id: 'push.installTitle', defaultMessage: 'Install Parley' },
  installHint: {
    id: 'push.installHint',
    defaultMessage:
      'Install the console as an app: it opens in its own window and starts from your home screen or dock. Use the browser’s “Install app” or “Add to Home Screen” menu item.',
  },
});

/** Settings → Push notifications (A7): this device's Web Push subscription and your devices. */
export function PushPage() {
  const intl = useIntl();
  const me = useMe();
  const utils = trpc.useUtils();
  const config = trpc.push.config.useQuery();
  const devices = trpc.push.devices.useQuery();
  const [endpoint, setEndpoint] = useState<string | null | undefined>(undefined);
  const [denied, setDenied] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const canInstall = useSyncExternalStore(installState.subscribe, installState.canInstall);
  const subscribe = trpc.push.subscribe.useMutation({ onSuccess: () => utils.push.devices.invalidate() });
  const unsubscribe = trpc.push.unsubscribe.useMutation({ onSuccess: () => utils.push.devices.invalidate() });
  const support = denied ? 'denied' : pushSupport();

  useEffect(() => {
    currentSubscription().then(
      (sub) => setEndpoint(sub?.endpoint ?? null),
      () => setEndpoint(null),
    );
  }, []);

  const mine = devices.data?.find((d) => d.endpoint === endpoint);
  const on = Boolean(mine);

  async function turnOn(preview: boolean) {
    if (!config.data) return;
    setBusy(true);
    setFailure(null);
    try {
      const sub = await subscribeThisDevice(config.data.publicKey);
      if (sub === 'denied') {
        setDenied(true);
        return;
      }
      await subscribe.mutateAsync({ ...sub, preview, userAgent: navigator.userAgent });
      setEndpoint(sub.endpoint);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  async function turnOff() {
    setBusy(true);
    setFailure(null);
    try {
      const sub = await currentSubscription();
      if (sub) {
        await unsubscribe.mutateAsync({ endpoint: sub.endpoint });
        await sub.unsubscribe();
      }
      setEndpoint(null);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      <Section title={<FormattedMessage {...messages.thisDevice} />}>
        {support === 'unsupported' ? (
          <Notice>{intl.formatMessage(messages.unsupported)}</Notice>
        ) : support === 'denied' ? (
          <p className="form-error" role="alert">
            {intl.formatMessage(messages.denied)}
          </p>
        ) : config.isError ? (
          <ErrorState error={config.error} onRetry={() => config.refetch()} />
        ) : endpoint === undefined || config.isPending || devices.isPending ? (
          <Loading />
        ) : (
          <div className="form">
            {me.notificationType === 'off' ? (
              <Notice>{intl.formatMessage(messages.settingOff)}</Notice>
            ) : null}
            <p>
              <FormattedMessage {...(on ? messages.on : messages.off)} />
            </p>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={mine?.preview ?? false}
                disabled={!on || busy}
                onChange={(event) => void turnOn(event.target.checked)}
              />
              <span>{intl.formatMessage(messages.preview)}</span>
            </label>
            <p className="field-hint">
              <FormattedMessage {...messages.previewHint} />
            </p>
            <div className="toolbar">
              {on ? (
                <button type="button" className="button" disabled={busy} onClick={() => void turnOff()}>
                  <FormattedMessage {...messages.turnOff} />
                </button>
              ) : (
                <button
                  type="button"
                  className="button button-primary"
                  disabled={busy}
                  onClick={() => void turnOn(false)}
                >
                  <FormattedMessage {...messages.turnOn} />
                </button>
              )}
            </div>
            <p className="field-hint">
              <FormattedMessage {...messages.whenClosed} />
            </p>
            <FormError error={failure ?? subscribe.error ?? unsubscribe.error} />
          </div>
        )}
      </Section>
      <Section title={<FormattedMessage {...messages.devices} />}>
        {devices.isPending ? (
          <Loading />
        ) : devices.isError ? (
          <ErrorState error={devices.error} onRetry={() => devices.refetch()} />
        ) : devices.data.length === 0 ? (
          <EmptyState title={<FormattedMessage {...messages.noDevices} />} />
        ) : (
          <ul className="session-list" aria-label={intl.formatMessage(messages.devices)}>
            {devices.data.map((device) => (
              <li key={device.id} className="session">
                <div className="session-main">
                  <span className="session-device" title={device.userAgent ?? undefined}>
                    {device.userAgent?.slice(0, 60) ?? intl.formatMessage(messages.unknownDevice)}
                  </span>
                  <RelativeTime value={device.createdAt} />
                </div>
                <div className="session-actions">
                  <button
                    type="button"
                    className="button button-small"
                    disabled={unsubscribe.isPending}
                    onClick={() => unsubscribe.mutate({ endpoint: device.endpoint })}
                  >
                    <FormattedMessage {...messages.remove} />
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={<FormattedMessage {...messages.installTitle} />}>
        <p>
          <FormattedMessage {...messages.installHint} />
        </p>
        {canInstall ? (
          <button type="button" className="button" onClick={() => void installState.install()}>
            <FormattedMessage {...messages.install} />
          </button>
        ) : null}
      </Section>
    </Page>
  );
}
