import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams, useSearchParams } from 'react-router';
import { Avatar } from '../../../components/avatar';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { useFormatDuration } from '../../../components/duration';
import { RadioGroup, SelectField, TextField } from '../../../components/field';
import { Section } from '../../../components/page';
import { ErrorState, FormError, Loading, Notice } from '../../../components/status';
import { type TRouterOutputs, trpc } from '../../../lib/trpc';
import { useFieldErrors } from '../../../lib/use-field-errors';
import { useMe } from '../../../lib/use-me';
import { parseMaxChats, readStatsPeriod, STATS_PERIODS, statsRange } from '../agent-stats';
import { AgentSignInSection } from './agent-sign-in-section';
import { PresenceDot } from './presence-dot';
import { RoleLabel, roleMessages } from './role-label';

const messages = defineMessages({
  back: { id: 'agent.back', defaultMessage: 'Team' },
  settingsTitle: { id: 'agent.settings.title', defaultMessage: 'Settings' },
  role: { id: 'agent.settings.role', defaultMessage: 'Role' },
  ownerRole: {
    id: 'agent.settings.ownerRole',
    defaultMessage: 'The owner of the workspace. This role can’t be changed or disabled.',
  },
  channels: { id: 'agent.settings.channels', defaultMessage: 'Channels they serve' },
  channelsHint: {
    id: 'agent.settings.channelsHint',
    defaultMessage: 'None ticked: they serve every channel, including new ones.',
  },
  noChannels: { id: 'agent.settings.noChannels', defaultMessage: 'No channels yet.' },
  maxChats: { id: 'agent.settings.maxChats', defaultMessage: 'Maximum concurrent chats' },
  maxChatsHint: {
    id: 'agent.settings.maxChatsHint',
    defaultMessage: 'From 1 to 100. Leave empty for unlimited. Routing gives them no new chat beyond it.',
  },
  unlimited: { id: 'agent.settings.unlimited', defaultMessage: 'Unlimited' },
  save: { id: 'agent.settings.save', defaultMessage: 'Save changes' },
  saved: { id: 'agent.settings.saved', defaultMessage: 'Saved.' },
  readOnly: {
    id: 'agent.settings.readOnly',
    defaultMessage: 'Only the owner can change the owner’s settings.',
  },
  accessTitle: { id: 'agent.access.title', defaultMessage: 'Access' },
  enabledText: {
    id: 'agent.access.enabled',
    defaultMessage: 'This account is active.',
  },
  disabledText: {
    id: 'agent.access.disabledText',
    defaultMessage: 'This account is disabled: they can’t log in and get no chats.',
  },
  selfText: {
    id: 'agent.access.self',
    defaultMessage: 'You can’t disable your own account.',
  },
  disable: { id: 'agent.access.disable', defaultMessage: 'Disable agent' },
  enable: { id: 'agent.access.enable', defaultMessage: 'Enable agent' },
  disableTitle: defineMessage<{ name: string }>({
    id: 'agent.access.disableTitle',
    defaultMessage: 'Disable {name}?',
  }),
  disableText: {
    id: 'agent.access.disableText',
    defaultMessage:
      'Their sessions end at once: every open console is logged out, including live connections, and they can’t log in until you enable them again. Their past chats and statistics stay.',
  },
  enableTitle: defineMessage<{ name: string }>({
    id: 'agent.access.enableTitle',
    defaultMessage: 'Enable {name}?',
  }),
  enableText: {
    id: 'agent.access.enableText',
    defaultMessage: 'They can log in again with their password and receive chats.',
  },
  disabledBadge: { id: 'agent.disabled', defaultMessage: 'Disabled' },
  statsTitle: { id: 'agent.stats.title', defaultMessage: 'Statistics' },
  period: { id: 'agent.stats.period', defaultMessage: 'Period' },
  lastDays: defineMessage<{ days: number }>({
    id: 'agent.stats.lastDays',
    defaultMessage: 'Last {days, number} days',
  }),
  chatsHandled: { id: 'agent.stats.chatsHandled', defaultMessage: 'Chats handled' },
  firstResponse: { id: 'agent.stats.firstResponse', defaultMessage: 'First response time' },
  averageResponse: { id: 'agent.stats.averageResponse', defaultMessage: 'Average response time' },
  rating: { id: 'agent.stats.rating', defaultMessage: 'Rating' },
  ratingValue: defineMessage<{ rating: number; count: number }>({
    id: 'agent.stats.ratingValue',
    defaultMessage: '{rating, number} / 5 ({count, plural, one {# rating} other {# ratings}})',
  }),
  noRatings: { id: 'agent.stats.noRatings', defaultMessage: 'No ratings yet' },
  noData: { id: 'agent.stats.noData', defaultMessage: 'No data' },
  openStatistics: { id: 'agent.stats.open', defaultMessage: 'Open in Statistics' },
});

type TAgent = TRouterOutputs['agents']['get'];

/** E3 (admins): one agent's settings (role, channels, routing limit, access) and statistics. */
export function AgentSettingsPage() {
  const { userId = '' } = useParams();
  const agent = trpc.agents.get.useQuery({ userId });
  if (agent.isPending) return <Loading />;
  if (agent.isError)
    return (
      <div className="page">
        <BackLink />
        <ErrorState error={agent.error} onRetry={() => agent.refetch()} />
      </div>
    );
  return <AgentSettings agent={agent.data} />;
}

function BackLink() {
  return (
    <p className="page-back">
      <Link to="/team">
        ← <FormattedMessage {...messages.back} />
      </Link>
    </p>
  );
}

function AgentSettings({ agent }: { agent: TAgent }) {
  const intl = useIntl();
  const me = useMe();
  // Presence changes live in the team list's cache (kept by the console's subscription).
  const team = trpc.team.list.useQuery();
  const presence = team.data?.find((member) => member.id === agent.id)?.presence ?? agent.presence;
  useEffect(() => {
    document.title = `${agent.name} · Parley`;
  }, [agent.name]);
  const canEdit = agent.role !== 'owner' || me.role === 'owner';

  return (
    <div className="page">
      <header className="page-header">
        <BackLink />
        <div className="agent-head">
          <span className="member-avatar">
            <Avatar name={agent.name} url={agent.avatarUrl} size={48} />
            <PresenceDot presence={presence} />
          </span>
          <div>
            <h1>{agent.name}</h1>
            <p className="page-description">
              {agent.email} <RoleLabel role={agent.role} />{' '}
              {agent.disabled ? (
                <span className="badge badge-warning">{intl.formatMessage(messages.disabledBadge)}</span>
              ) : null}
            </p>
          </div>
        </div>
      </header>
      <SettingsForm key={agent.id} agent={agent} canEdit={canEdit} />
      {agent.role !== 'owner' ? <AccessSection agent={agent} /> : null}
      {canEdit && agent.id !== me.id ? <AgentSignInSection agent={agent} /> : null}
      <StatsSection agent={agent} />
    </div>
  );
}

function SettingsForm({ agent, canEdit }: { agent: TAgent; canEdit: boolean }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const channels = trpc.channels.list.useQuery();
  const [role, setRole] = useState<'admin' | 'agent'>(agent.role === 'admin' ? 'admin' : 'agent');
  const [channelIds, setChannelIds] = useState<string[]>(agent.channelIds);
  const [maxChats, setMaxChats] = useState(agent.maxConcurrentChats?.toString() ?? '');
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const update = trpc.agents.update.useMutation({
    onSuccess: (saved) => {
      utils.agents.get.setData({ userId: agent.id }, saved);
      void utils.team.list.invalidate();
    },
  });
  const fieldErrors = useFieldErrors(clientErrors, update.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseMaxChats(maxChats);
    if ('error' in parsed) {
      setClientErrors({ maxConcurrentChats: parsed.error });
      return;
    }
    setClientErrors({});
    update.mutate({
      userId: agent.id,
      ...(agent.role === 'owner' ? {} : { role }),
      channelIds,
      maxConcurrentChats: parsed.value,
    });
  }

  return (
    <Section title={<FormattedMessage {...messages.settingsTitle} />}>
      <form className="form agent-form" onSubmit={submit} noValidate>
        {!canEdit ? <p className="muted">{intl.formatMessage(messages.readOnly)}</p> : null}
        {agent.role === 'owner' ? (
          <div className="field">
            <span className="field-label">
              <FormattedMessage {...messages.role} />
            </span>
            <p className="muted">
              <RoleLabel role={agent.role} /> <FormattedMessage {...messages.ownerRole} />
            </p>
          </div>
        ) : (
          <RadioGroup
            legend={intl.formatMessage(messages.role)}
            name="role"
            value={role}
            disabled={!canEdit}
            options={[
              { value: 'agent', label: intl.formatMessage(roleMessages.agent) },
              { value: 'admin', label: intl.formatMessage(roleMessages.admin) },
            ]}
            onChange={setRole}
          />
        )}
        <fieldset className="fieldset" disabled={!canEdit}>
          <legend className="field-label">
            <FormattedMessage {...messages.channels} />
          </legend>
          <p className="field-hint">
            <FormattedMessage {...messages.channelsHint} />
          </p>
          {channels.isPending ? (
            <Loading />
          ) : channels.isError ? (
            <ErrorState error={channels.error} onRetry={() => channels.refetch()} />
          ) : channels.data.length === 0 ? (
            <p className="muted">
              <FormattedMessage {...messages.noChannels} />
            </p>
          ) : (
            channels.data.map((channel) => (
              <label key={channel.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={channelIds.includes(channel.id)}
                  onChange={(event) =>
                    setChannelIds((current) =>
                      event.target.checked
                        ? [...current, channel.id]
                        : current.filter((id) => id !== channel.id),
                    )
                  }
                />
                <span>{channel.name}</span>
              </label>
            ))
          )}
        </fieldset>
        <TextField
          label={intl.formatMessage(messages.maxChats)}
          hint={intl.formatMessage(messages.maxChatsHint)}
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          step={1}
          placeholder={intl.formatMessage(messages.unlimited)}
          value={maxChats}
          disabled={!canEdit}
          onChange={(event) => {
            setMaxChats(event.target.value);
            update.reset();
          }}
          error={fieldErrors.maxConcurrentChats}
        />
        <FormError error={update.error} />
        {update.isSuccess ? <Notice>{intl.formatMessage(messages.saved)}</Notice> : null}
        {canEdit ? (
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={update.isPending}>
              <FormattedMessage {...messages.save} />
            </button>
          </div>
        ) : null}
      </form>
    </Section>
  );
}

function AccessSection({ agent }: { agent: TAgent }) {
  const intl = useIntl();
  const me = useMe();
  const utils = trpc.useUtils();
  const [confirming, setConfirming] = useState(false);
  const update = trpc.agents.update.useMutation({
    onSuccess: (saved) => {
      utils.agents.get.setData({ userId: agent.id }, saved);
      setConfirming(false);
      void utils.team.list.invalidate();
    },
  });
  const self = agent.id === me.id;
  const disabling = !agent.disabled;
  return (
    <Section title={<FormattedMessage {...messages.accessTitle} />}>
      <p className={agent.disabled ? 'dialog-warning' : 'muted'}>
        <FormattedMessage
          {...(self ? messages.selfText : agent.disabled ? messages.disabledText : messages.enabledText)}
        />
      </p>
      {self ? null : (
        <div className="form-actions">
          <button
            type="button"
            className={`button ${disabling ? 'button-danger' : 'button-primary'}`}
            onClick={() => setConfirming(true)}
          >
            <FormattedMessage {...(disabling ? messages.disable : messages.enable)} />
          </button>
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        danger={disabling}
        title={intl.formatMessage(disabling ? messages.disableTitle : messages.enableTitle, {
          name: agent.name,
        })}
        confirmLabel={<FormattedMessage {...(disabling ? messages.disable : messages.enable)} />}
        pending={update.isPending}
        error={update.error}
        onCancel={() => {
          update.reset();
          setConfirming(false);
        }}
        onConfirm={() => update.mutate({ userId: agent.id, disabled: disabling })}
      >
        <p>
          <FormattedMessage {...(disabling ? messages.disableText : messages.enableText)} />
        </p>
      </ConfirmDialog>
    </Section>
  );
}

function StatsSection({ agent }: { agent: TAgent }) {
  const intl = useIntl();
  const formatDuration = useFormatDuration();
  const [params, setParams] = useSearchParams();
  const period = readStatsPeriod(params.get('period'));
  // One range per chosen period: recomputing "now" on every render would refetch forever.
  const range = useMemo(() => statsRange(period, new Date()), [period]);
  const stats = trpc.agents.stats.useQuery({ userId: agent.id, ...range });
  const seconds = (value: number | null) =>
    value === null ? intl.formatMessage(messages.noData) : formatDuration(value * 1000);

  return (
    <Section title={<FormattedMessage {...messages.statsTitle} />}>
      <p>
        <Link to={`/statistics?period=last30&agent=${encodeURIComponent(agent.id)}`}>
          <FormattedMessage {...messages.openStatistics} />
        </Link>
      </p>
      <div className="stats-toolbar">
        <SelectField
          label={intl.formatMessage(messages.period)}
          value={String(period)}
          onChange={(event) => {
            const next = new URLSearchParams(params);
            next.set('period', event.target.value);
            setParams(next, { replace: true });
          }}
        >
          {STATS_PERIODS.map((days) => (
            <option key={days} value={days}>
              {intl.formatMessage(messages.lastDays, { days })}
            </option>
          ))}
        </SelectField>
      </div>
      {stats.isPending ? (
        <Loading />
      ) : stats.isError ? (
        <ErrorState error={stats.error} onRetry={() => stats.refetch()} />
      ) : (
        <dl className="stats-grid">
          <div className="stat">
            <dt>
              <FormattedMessage {...messages.chatsHandled} />
            </dt>
            <dd>{intl.formatNumber(stats.data.chatsHandled)}</dd>
          </div>
          <div className="stat">
            <dt>
              <FormattedMessage {...messages.firstResponse} />
            </dt>
            <dd>{seconds(stats.data.firstResponseSeconds)}</dd>
          </div>
          <div className="stat">
            <dt>
              <FormattedMessage {...messages.averageResponse} />
            </dt>
            <dd>{seconds(stats.data.averageResponseSeconds)}</dd>
          </div>
          <div className="stat">
            <dt>
              <FormattedMessage {...messages.rating} />
            </dt>
            <dd>
              {stats.data.rating === null
                ? intl.formatMessage(messages.noRatings)
                : intl.formatMessage(messages.ratingValue, {
                    rating: stats.data.rating,
                    count: stats.data.ratingCount,
                  })}
            </dd>
          </div>
        </dl>
      )}
    </Section>
  );
}
