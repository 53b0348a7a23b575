import { useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { RadioGroup, SelectField } from '../../../components/field';
import { Page, Section } from '../../../components/page';
import { FormError, Notice } from '../../../components/status';
import { AUTO_AWAY_CHOICES } from '../../../lib/auto-away';
import { SUPPORTED_LOCALES, type TLocale } from '../../../lib/locale';
import { type TRouterInputs, trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { useMeCache } from '../../../lib/use-update-me';
import { languageNames } from '../../auth';

const messages = defineMessages({
  title: { id: 'general.title', defaultMessage: 'General' },
  description: {
    id: 'general.description',
    defaultMessage: 'Your console preferences. They follow you to every device.',
  },
  appearance: { id: 'general.appearance', defaultMessage: 'Appearance and language' },
  language: { id: 'general.language', defaultMessage: 'Language' },
  theme: { id: 'general.theme', defaultMessage: 'Sidebar theme' },
  themeDark: { id: 'general.theme.dark', defaultMessage: 'Dark' },
  themeLight: { id: 'general.theme.light', defaultMessage: 'Light' },
  availability: { id: 'general.availability', defaultMessage: 'Availability and notifications' },
  autoAway: { id: 'general.autoAway', defaultMessage: 'Switch to away automatically' },
  autoAwayHint: {
    id: 'general.autoAwayHint',
    defaultMessage: 'After this long without mouse or keyboard activity in the console.',
  },
  autoAwayNever: { id: 'general.autoAway.never', defaultMessage: 'Never' },
  autoAwayMinutes: defineMessage<{ minutes: number }>({
    id: 'general.autoAway.minutes',
    defaultMessage: 'After {minutes, plural, one {# minute} other {# minutes}}',
  }),
  notificationType: { id: 'general.notificationType', defaultMessage: 'Notification type' },
  notifyInApp: { id: 'general.notify.inApp', defaultMessage: 'In the console' },
  notifyOs: { id: 'general.notify.os', defaultMessage: 'Operating system' },
  notifyOff: { id: 'general.notify.off', defaultMessage: 'Off' },
  notifyDenied: {
    id: 'general.notify.denied',
    defaultMessage:
      'Your browser blocks notifications for this site. Allow them in the browser’s site settings.',
  },
  saved: { id: 'general.saved', defaultMessage: 'Saved.' },
});

type TPreferences = TRouterInputs['account']['updatePreferences'];

function autoAwayOptions(current: number | null): (number | null)[] {
  const minutes = new Set<number>(AUTO_AWAY_CHOICES.filter((choice) => choice !== null));
  if (current !== null) minutes.add(current);
  return [null, ...[...minutes].sort((a, b) => a - b)];
}

export function GeneralPage() {
  const intl = useIntl();
  const me = useMe();
  const meCache = useMeCache();
  const [permissionDenied, setPermissionDenied] = useState(false);
  // Applied on change, like a settings app: the optimistic update makes the language switch instant.
  const update = trpc.account.updatePreferences.useMutation({
    onMutate: (patch) => {
      const previous = me;
      meCache.patch(Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)));
      return { previous };
    },
    onSuccess: ({ me: next }) => meCache.set(next),
    onError: (_error, _patch, context) => {
      if (context) meCache.set(context.previous);
    },
  });
  const save = (patch: TPreferences) => update.mutate(patch);

  async function chooseNotificationType(type: 'in-app' | 'os' | 'off') {
    setPermissionDenied(false);
    if (type === 'os' && 'Notification' in window && Notification.permission !== 'granted') {
      const permission = await Notification.requestPermission();
      if (permission === 'denied') setPermissionDenied(true);
    }
    save({ notificationType: type });
  }

  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      <FormError error={update.error} />
      {update.isSuccess ? <Notice>{intl.formatMessage(messages.saved)}</Notice> : null}
      <Section title={<FormattedMessage {...messages.appearance} />}>
        <div className="form">
          <SelectField
            label={intl.formatMessage(messages.language)}
            value={me.locale}
            onChange={(event) => save({ locale: event.target.value as TLocale })}
          >
            {SUPPORTED_LOCALES.map((code) => (
              <option key={code} value={code} lang={code}>
                {languageNames[code]}
              </option>
            ))}
          </SelectField>
          <RadioGroup
            legend={intl.formatMessage(messages.theme)}
            name="theme"
            value={me.theme}
            options={[
              { value: 'dark', label: intl.formatMessage(messages.themeDark) },
              { value: 'light', label: intl.formatMessage(messages.themeLight) },
            ]}
            onChange={(theme) => save({ theme })}
          />
        </div>
      </Section>
      <Section title={<FormattedMessage {...messages.availability} />}>
        <div className="form">
          <SelectField
            label={intl.formatMessage(messages.autoAway)}
            hint={intl.formatMessage(messages.autoAwayHint)}
            value={me.autoAwayMinutes === null ? 'never' : String(me.autoAwayMinutes)}
            onChange={(event) =>
              save({ autoAwayMinutes: event.target.value === 'never' ? null : Number(event.target.value) })
            }
          >
            {/* Keep a value set elsewhere (e.g. by the API) visible even if it isn't one of our choices. */}
            {autoAwayOptions(me.autoAwayMinutes).map((minutes) => (
              <option key={minutes ?? 'never'} value={minutes === null ? 'never' : String(minutes)}>
                {minutes === null
                  ? intl.formatMessage(messages.autoAwayNever)
                  : intl.formatMessage(messages.autoAwayMinutes, { minutes })}
              </option>
            ))}
          </SelectField>
          <RadioGroup
            legend={intl.formatMessage(messages.notificationType)}
            name="notificationType"
            value={me.notificationType}
            options={[
              { value: 'in-app', label: intl.formatMessage(messages.notifyInApp) },
              { value: 'os', label: intl.formatMessage(messages.notifyOs) },
              { value: 'off', label: intl.formatMessage(messages.notifyOff) },
            ]}
            onChange={(type) => void chooseNotificationType(type)}
          />
          {permissionDenied ? <Notice>{intl.formatMessage(messages.notifyDenied)}</Notice> : null}
        </div>
      </Section>
    </Page>
  );
}
