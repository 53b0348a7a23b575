import { LANGUAGE_NAMES } from '@parley/widget/languages';
import { type FormEvent, useEffect, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from 'react-router';
import { CopyField } from '../../../components/copy-field';
import { RadioGroup, SelectField, TextField } from '../../../components/field';
import { Section } from '../../../components/page';
import { ErrorState, FormError, Loading, Notice } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { RatingScaleField } from '../../ratings';
import {
  channelToDraft,
  draftToUpdate,
  type TChannel,
  type TChannelDraft,
  validateChannelDraft,
} from '../channel-form';
import { InvitationRulesEditor } from './invitation-rules';

const messages = defineMessages({
  back: { id: 'channel.back', defaultMessage: 'All channels' },
  installTitle: { id: 'channel.install.title', defaultMessage: 'Install the chat' },
  installDescription: defineMessage<{ tag: string }>({
    id: 'channel.install.description',
    defaultMessage: 'Paste this line into every page of the site, just before {tag}.',
  }),
  snippet: { id: 'channel.install.snippet', defaultMessage: 'Snippet' },
  demo: { id: 'channel.install.demo', defaultMessage: 'Try it on the demo page' },
  demoHint: {
    id: 'channel.install.demoHint',
    defaultMessage: 'The demo page shows the widget of your first website channel.',
  },
  identityTitle: { id: 'channel.identity.title', defaultMessage: 'Identity verification' },
  identityDescription: {
    id: 'channel.identity.description',
    defaultMessage:
      'For customers logged in to your site: your server signs their user id with this secret, so nobody can pose as them in the chat. Keep the secret on your server, never in the page.',
  },
  secret: { id: 'channel.identity.secret', defaultMessage: 'Secret' },
  reveal: { id: 'channel.identity.reveal', defaultMessage: 'Reveal' },
  hide: { id: 'channel.identity.hide', defaultMessage: 'Hide' },
  rotate: { id: 'channel.identity.rotate', defaultMessage: 'Rotate secret' },
  rotateConfirm: {
    id: 'channel.identity.rotateConfirm',
    defaultMessage: 'Make a new secret? Signatures made with the old one stop working at once.',
  },
  rotated: {
    id: 'channel.identity.rotated',
    defaultMessage: 'A new secret is in place. Update your server.',
  },
  example: {
    id: 'channel.identity.example',
    defaultMessage: 'Example (Node.js on your server, then in the page)',
  },
  settingsTitle: { id: 'channel.settings.title', defaultMessage: 'Settings' },
  name: { id: 'channel.settings.name', defaultMessage: 'Name' },
  enabled: { id: 'channel.settings.enabled', defaultMessage: 'Chat is on for this site' },
  appearance: { id: 'channel.settings.appearance', defaultMessage: 'Appearance' },
  color: { id: 'channel.settings.color', defaultMessage: 'Colour' },
  position: { id: 'channel.settings.position', defaultMessage: 'Position' },
  right: { id: 'channel.settings.right', defaultMessage: 'Bottom right' },
  left: { id: 'channel.settings.left', defaultMessage: 'Bottom left' },
  titleField: { id: 'channel.settings.titleField', defaultMessage: 'Title' },
  titleHint: {
    id: 'channel.settings.titleHint',
    defaultMessage: 'Empty: “Chat with us” in the visitor’s language.',
  },
  greeting: { id: 'channel.settings.greeting', defaultMessage: 'Greeting' },
  greetingHint: {
    id: 'channel.settings.greetingHint',
    defaultMessage: 'Shown above the conversation. Empty: a default greeting in the visitor’s language.',
  },
  language: { id: 'channel.settings.language', defaultMessage: 'Widget language' },
  languageAuto: { id: 'channel.settings.languageAuto', defaultMessage: 'Automatic (the visitor’s browser)' },
  languageHint: {
    id: 'channel.settings.languageHint',
    defaultMessage:
      'Automatic: each visitor sees the widget in their browser’s language, or English if the widget does not have it. Choose a language to show it to every visitor.',
  },
  forms: { id: 'channel.settings.forms', defaultMessage: 'Forms' },
  preChat: { id: 'channel.settings.preChat', defaultMessage: 'Ask for contact details before the chat' },
  requireName: { id: 'channel.settings.requireName', defaultMessage: 'Name is required' },
  requireEmail: { id: 'channel.settings.requireEmail', defaultMessage: 'Email is required' },
  requirePhone: { id: 'channel.settings.requirePhone', defaultMessage: 'Phone is required' },
  offlineForm: {
    id: 'channel.settings.offlineForm',
    defaultMessage: 'When no agent is online, let visitors leave a message',
  },
  calls: { id: 'channel.settings.calls', defaultMessage: 'Calls' },
  callsEnabled: {
    id: 'channel.settings.callsEnabled',
    defaultMessage: 'Let visitors call the agents from the widget (voice in the browser)',
  },
  ringSeconds: { id: 'channel.settings.ringSeconds', defaultMessage: 'Ring for (seconds)' },
  ringSecondsHint: {
    id: 'channel.settings.ringSecondsHint',
    defaultMessage: 'A call nobody answers in this time (10–120 s) is a missed call.',
  },
  save: { id: 'channel.settings.save', defaultMessage: 'Save changes' },
  saving: { id: 'channel.settings.saving', defaultMessage: 'Saving…' },
  saved: { id: 'channel.settings.saved', defaultMessage: 'Saved.' },
});

/** J1 / G1 / F3: one website channel — install, identity verification and the widget's settings. */
export function ChannelPage() {
  const { channelId = '' } = useParams();
  const channel = trpc.channels.get.useQuery({ id: channelId });
  if (channel.isPending) return <Loading />;
  if (channel.isError) return <ErrorState error={channel.error} onRetry={() => channel.refetch()} />;
  return <ChannelDetails channel={channel.data} />;
}

function ChannelDetails({ channel }: { channel: TChannel }) {
  const intl = useIntl();
  useEffect(() => {
    document.title = `${channel.name} · Parley`;
  }, [channel.name]);
  return (
    <div className="page">
      <header className="page-header">
        <p className="page-back">
          <Link to="/manage/channels">
            ← <FormattedMessage {...messages.back} />
          </Link>
        </p>
        <h1>{channel.name}</h1>
      </header>
      <Section
        title={<FormattedMessage {...messages.installTitle} />}
        description={<FormattedMessage {...messages.installDescription} values={{ tag: '</body>' }} />}
      >
        <CopyField label={intl.formatMessage(messages.snippet)} value={channel.snippet} />
        <p className="muted">
          <a href={`/demo?channel=${encodeURIComponent(channel.id)}`} target="_blank" rel="noopener">
            <FormattedMessage {...messages.demo} />
          </a>{' '}
          <FormattedMessage {...messages.demoHint} />
        </p>
      </Section>
      <IdentitySection channel={channel} />
      <SettingsForm key={channel.id} channel={channel} />
    </div>
  );
}

function IdentitySection({ channel }: { channel: TChannel }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [revealed, setRevealed] = useState(false);
  const rotate = trpc.channels.rotateSecret.useMutation({
    onSuccess: (next) => utils.channels.get.setData({ id: channel.id }, next),
  });
  const example = [
    "import { createHmac } from 'node:crypto';",
    '',
    '// On your server, for the logged-in customer:',
    "const hash = createHmac('sha256', process.env.PARLEY_SECRET).update(user.id).digest('hex');",
    '',
    '// In the page, after the snippet:',
    "Parley.identify({ userId: '<user.id>', hash: '<hash>' });",
  ].join('\n');
  return (
    <Section
      title={<FormattedMessage {...messages.identityTitle} />}
      description={<FormattedMessage {...messages.identityDescription} />}
    >
      {revealed ? (
        <CopyField label={intl.formatMessage(messages.secret)} value={channel.secret} />
      ) : (
        <div className="field">
          <span className="field-label">
            <FormattedMessage {...messages.secret} />
          </span>
          <span className="secret-mask" aria-hidden="true">
            ••••••••••••••••••••••••
          </span>
        </div>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button"
          aria-pressed={revealed}
          onClick={() => setRevealed((v) => !v)}
        >
          <FormattedMessage {...(revealed ? messages.hide : messages.reveal)} />
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={rotate.isPending}
          onClick={() => {
            if (window.confirm(intl.formatMessage(messages.rotateConfirm))) rotate.mutate({ id: channel.id });
          }}
        >
          <FormattedMessage {...messages.rotate} />
        </button>
      </div>
      {rotate.isSuccess ? <Notice>{intl.formatMessage(messages.rotated)}</Notice> : null}
      <FormError error={rotate.error} />
      <figure className="field code-figure">
        <figcaption className="field-label">
          <FormattedMessage {...messages.example} />
        </figcaption>
        <pre className="code-block">
          <code>{example}</code>
        </pre>
      </figure>
    </Section>
  );
}

function Checkbox({
  label,
  checked,
  onChange,
  disabled,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <label className="checkbox">
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
      />
      <span>{label}</span>
    </label>
  );
}

function SettingsForm({ channel }: { channel: TChannel }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [draft, setDraft] = useState<TChannelDraft>(() => channelToDraft(channel));
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const update = trpc.channels.update.useMutation({
    onSuccess: (next) => {
      utils.channels.get.setData({ id: channel.id }, next);
      void utils.channels.list.invalidate();
      setDraft(channelToDraft(next));
    },
  });
  const fieldErrors = useFieldErrors(clientErrors, update.error);
  const config = draft.config;
  const setConfig = (patch: Partial<TChannelDraft['config']>) =>
    setDraft((current) => ({ ...current, config: { ...current.config, ...patch } }));
  const setPreChat = (patch: Partial<TChannelDraft['config']['preChatForm']>) =>
    setConfig({ preChatForm: { ...config.preChatForm, ...patch } });

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors = validateChannelDraft(draft);
    setClientErrors(errors);
    update.reset();
    if (Object.keys(errors).length > 0) return;
    update.mutate(draftToUpdate(channel.id, draft));
  }

  return (
    <Section title={<FormattedMessage {...messages.settingsTitle} />}>
      <form className="form channel-form" onSubmit={submit} noValidate>
        <TextField
          label={intl.formatMessage(messages.name)}
          value={draft.name}
          maxLength={100}
          onChange={(event) => setDraft({ ...draft, name: event.target.value })}
          error={fieldErrors.name}
        />
        <Checkbox
          label={intl.formatMessage(messages.enabled)}
          checked={draft.enabled}
          onChange={(enabled) => setDraft({ ...draft, enabled })}
        />
        <fieldset className="fieldset">
          <legend>
            <FormattedMessage {...messages.appearance} />
          </legend>
          <div className="field field-color">
            <label htmlFor={`${channel.id}-color`}>
              <FormattedMessage {...messages.color} />
            </label>
            <input
              id={`${channel.id}-color`}
              type="color"
              value={config.color}
              onChange={(event) => setConfig({ color: event.target.value })}
            />
            {fieldErrors['config.color'] ? (
              <p className="field-error">{fieldErrors['config.color']}</p>
            ) : null}
          </div>
          <RadioGroup
            legend={intl.formatMessage(messages.position)}
            name={`${channel.id}-position`}
            value={config.position}
            options={[
              { value: 'right', label: intl.formatMessage(messages.right) },
              { value: 'left', label: intl.formatMessage(messages.left) },
            ]}
            onChange={(position) => setConfig({ position })}
          />
          <TextField
            label={intl.formatMessage(messages.titleField)}
            hint={intl.formatMessage(messages.titleHint)}
            value={config.title}
            maxLength={80}
            onChange={(event) => setConfig({ title: event.target.value })}
            error={fieldErrors['config.title']}
          />
          <TextField
            label={intl.formatMessage(messages.greeting)}
            hint={intl.formatMessage(messages.greetingHint)}
            value={config.greeting}
            maxLength={500}
            onChange={(event) => setConfig({ greeting: event.target.value })}
            error={fieldErrors['config.greeting']}
          />
          <SelectField
            label={intl.formatMessage(messages.language)}
            hint={intl.formatMessage(messages.languageHint)}
            value={config.language}
            onChange={(event) => setConfig({ language: event.target.value as typeof config.language })}
            error={fieldErrors['config.language']}
          >
            <option value="auto">{intl.formatMessage(messages.languageAuto)}</option>
            {Object.entries(LANGUAGE_NAMES).map(([code, name]) => (
              <option key={code} value={code} lang={code}>
                {name}
              </option>
            ))}
          </SelectField>
        </fieldset>
        <fieldset className="fieldset">
          <legend>
            <FormattedMessage {...messages.forms} />
          </legend>
          <Checkbox
            label={intl.formatMessage(messages.preChat)}
            checked={config.preChatForm.enabled}
            onChange={(enabled) => setPreChat({ enabled })}
          />
          <div className="checkbox-group">
            <Checkbox
              label={intl.formatMessage(messages.requireName)}
              checked={config.preChatForm.requireName}
              disabled={!config.preChatForm.enabled}
              onChange={(requireName) => setPreChat({ requireName })}
            />
            <Checkbox
              label={intl.formatMessage(messages.requireEmail)}
              checked={config.preChatForm.requireEmail}
              disabled={!config.preChatForm.enabled}
              onChange={(requireEmail) => setPreChat({ requireEmail })}
            />
            <Checkbox
              label={intl.formatMessage(messages.requirePhone)}
              checked={config.preChatForm.requirePhone}
              disabled={!config.preChatForm.enabled}
              onChange={(requirePhone) => setPreChat({ requirePhone })}
            />
          </div>
          <Checkbox
            label={intl.formatMessage(messages.offlineForm)}
            checked={config.offlineForm.enabled}
            onChange={(enabled) => setConfig({ offlineForm: { enabled } })}
          />
          <RatingScaleField
            name={`${channel.id}-rating`}
            value={config.ratingScale}
            onChange={(ratingScale) => setConfig({ ratingScale })}
          />
        </fieldset>
        <fieldset className="fieldset">
          <legend>
            <FormattedMessage {...messages.calls} />
          </legend>
          <Checkbox
            label={intl.formatMessage(messages.callsEnabled)}
            checked={config.calls.enabled}
            onChange={(enabled) => setConfig({ calls: { ...config.calls, enabled } })}
          />
          <TextField
            label={intl.formatMessage(messages.ringSeconds)}
            hint={intl.formatMessage(messages.ringSecondsHint)}
            type="number"
            min={10}
            max={120}
            value={String(config.calls.ringSeconds)}
            disabled={!config.calls.enabled}
            onChange={(event) =>
              setConfig({ calls: { ...config.calls, ringSeconds: Number(event.target.value) } })
            }
            error={fieldErrors['config.calls.ringSeconds']}
          />
        </fieldset>
        <InvitationRulesEditor
          rules={draft.rules}
          errors={fieldErrors}
          onChange={(rules) => setDraft({ ...draft, rules })}
        />
        <FormError error={update.error} />
        {update.isSuccess ? <Notice>{intl.formatMessage(messages.saved)}</Notice> : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={update.isPending}>
            <FormattedMessage {...(update.isPending ? messages.saving : messages.save)} />
          </button>
        </div>
      </form>
    </Section>
  );
}
