import { type ReactNode, useId, useMemo, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useFormatDuration } from '../../../components/duration';
import { SelectField, TextField } from '../../../components/field';
import { Page, Section } from '../../../components/page';
import { ErrorState, FormError, Loading } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { isAdmin, useMe } from '../../../lib/use-me';
import { useUrlFilters } from '../../../lib/use-url-filters';
import {
  PRESETS,
  readStatsQuery,
  statsCsvUrl,
  type TStatsQuery,
  type TStatsTable,
  writeStatsQuery,
} from '../stats-query';
import { StatsChart } from './stats-chart';
import {
  BreakdownTable,
  HeatmapTable,
  RatingsTable,
  SeriesTable,
  StatsFigures,
  statsMessages,
  type TReport,
  useRatingRows,
} from './stats-tables';

const messages = defineMessages({
  title: { id: 'stats.title', defaultMessage: 'Statistics' },
  descriptionAdmin: defineMessage<{ timeZone: string }>({
    id: 'stats.description.admin',
    defaultMessage: 'Chats, response times and visitors of your team, in {timeZone}.',
  }),
  descriptionAgent: defineMessage<{ timeZone: string }>({
    id: 'stats.description.agent',
    defaultMessage: 'Your own chats and response times, beside the team’s, in {timeZone}.',
  }),
  period: { id: 'stats.period', defaultMessage: 'Period' },
  today: { id: 'stats.period.today', defaultMessage: 'Today' },
  yesterday: { id: 'stats.period.yesterday', defaultMessage: 'Yesterday' },
  last7: { id: 'stats.period.last7', defaultMessage: 'Last 7 days' },
  last30: { id: 'stats.period.last30', defaultMessage: 'Last 30 days' },
  thisMonth: { id: 'stats.period.thisMonth', defaultMessage: 'This month' },
  lastMonth: { id: 'stats.period.lastMonth', defaultMessage: 'Last month' },
  custom: { id: 'stats.period.custom', defaultMessage: 'Custom dates' },
  from: { id: 'stats.period.from', defaultMessage: 'From' },
  to: { id: 'stats.period.to', defaultMessage: 'To' },
  channel: { id: 'stats.filter.channel', defaultMessage: 'Channel' },
  agent: { id: 'stats.filter.agent', defaultMessage: 'Agent' },
  tag: { id: 'stats.filter.tag', defaultMessage: 'Tag' },
  status: { id: 'stats.filter.status', defaultMessage: 'Customer status' },
  all: { id: 'stats.filter.all', defaultMessage: 'All' },
  clear: { id: 'stats.filter.clear', defaultMessage: 'Clear filters' },
  filters: { id: 'stats.filters', defaultMessage: 'Report filters' },
  showing: defineMessage<{ from: string; to: string; previousFrom: string; previousTo: string }>({
    id: 'stats.showing',
    defaultMessage: '{from} – {to}, compared with {previousFrom} – {previousTo}',
  }),
  figures: { id: 'stats.section.figures', defaultMessage: 'Figures' },
  volume: { id: 'stats.section.volume', defaultMessage: 'Chats over time' },
  responseTimes: { id: 'stats.section.responseTimes', defaultMessage: 'Response times over time (seconds)' },
  busiest: { id: 'stats.section.busiest', defaultMessage: 'Busiest hours' },
  busiestHint: { id: 'stats.section.busiestHint', defaultMessage: 'Chats by weekday and local hour.' },
  agents: { id: 'stats.section.agents', defaultMessage: 'Agents' },
  channels: { id: 'stats.section.channels', defaultMessage: 'Channels' },
  ratings: { id: 'stats.section.ratings', defaultMessage: 'Ratings' },
  showTable: { id: 'stats.view.table', defaultMessage: 'Show table' },
  showChart: { id: 'stats.view.chart', defaultMessage: 'Show chart' },
  csv: { id: 'stats.csv', defaultMessage: 'Download CSV' },
  live: { id: 'stats.live.title', defaultMessage: 'Right now' },
  liveVisitors: { id: 'stats.live.visitors', defaultMessage: 'Visitors on the site' },
  liveWaiting: { id: 'stats.live.waiting', defaultMessage: 'Chats waiting' },
  liveLongest: { id: 'stats.live.longest', defaultMessage: 'Longest wait' },
  liveInProgress: { id: 'stats.live.inProgress', defaultMessage: 'Chats in progress' },
  liveOnline: { id: 'stats.live.online', defaultMessage: 'Agents online' },
  liveAway: { id: 'stats.live.away', defaultMessage: 'Agents away' },
  timeZone: { id: 'stats.timeZone', defaultMessage: 'Time zone' },
  timeZoneHint: {
    id: 'stats.timeZone.hint',
    defaultMessage: 'Splits days and hours for the whole team. Changing it recomputes the figures.',
  },
  timeZoneSave: { id: 'stats.timeZone.save', defaultMessage: 'Save time zone' },
  settings: { id: 'stats.section.settings', defaultMessage: 'Statistics settings' },
});

/** Milliseconds as seconds with one decimal, for the response-time chart. */
const seconds = (v: number | null) => (v === null ? null : Math.round(v / 100) / 10);

const PRESET_LABELS = {
  today: messages.today,
  yesterday: messages.yesterday,
  last7: messages.last7,
  last30: messages.last30,
  thisMonth: messages.thisMonth,
  lastMonth: messages.lastMonth,
  custom: messages.custom,
} as const;

/** I1: the Statistics section. Admins see the team (and any agent); agents see their own figures. */
export function StatisticsPage() {
  const intl = useIntl();
  const me = useMe();
  const admin = isAdmin(me);
  const { filters: query, apply } = useUrlFilters(readStatsQuery, writeStatsQuery);
  const settings = trpc.stats.settings.useQuery();
  const agentId = admin ? query.agentId : me.id;
  const report = trpc.stats.report.useQuery(query);
  const agentReport = trpc.stats.agentReport.useQuery(
    { ...query, agentId: agentId ?? '' },
    { enabled: Boolean(agentId) },
  );
  const timeZone = settings.data?.timeZone ?? 'UTC';
  return (
    <Page
      title={messages.title}
      description={intl.formatMessage(admin ? messages.descriptionAdmin : messages.descriptionAgent, {
        timeZone,
      })}
    >
      <StatsFilters query={query} onChange={apply} admin={admin} />
      {admin ? <LiveDashboard /> : null}
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => report.refetch()} />
      ) : (
        <ReportView
          query={query}
          report={report.data}
          team={agentId ? agentReport.data?.team : undefined}
          admin={admin}
        />
      )}
      {admin && settings.data ? <TimeZoneSettings current={settings.data.timeZone} /> : null}
    </Page>
  );
}

function StatsFilters({
  query,
  onChange,
  admin,
}: {
  query: TStatsQuery;
  onChange: (next: TStatsQuery) => void;
  admin: boolean;
}) {
  const intl = useIntl();
  const channels = trpc.channels.list.useQuery();
  const team = trpc.team.list.useQuery(undefined, { enabled: admin });
  const tags = trpc.tools.tags.useQuery();
  const statuses = trpc.processes.list.useQuery();
  const set = (patch: Partial<TStatsQuery>) => {
    const next = { ...query, ...patch };
    for (const key of Object.keys(patch) as (keyof TStatsQuery)[]) if (!next[key]) delete next[key];
    onChange(next);
  };
  const today = new Date().toISOString().slice(0, 10);
  const all = intl.formatMessage(messages.all);
  return (
    <form
      className="stats-toolbar"
      aria-label={intl.formatMessage(messages.filters)}
      onSubmit={(e) => e.preventDefault()}
    >
      <SelectField
        label={intl.formatMessage(messages.period)}
        value={query.preset ?? 'last7'}
        onChange={(e) => {
          const preset = e.target.value as (typeof PRESETS)[number];
          set(
            preset === 'custom'
              ? { preset, from: query.from ?? today, to: query.to ?? today }
              : { preset, from: undefined, to: undefined },
          );
        }}
      >
        {PRESETS.map((p) => (
          <option key={p} value={p}>
            {intl.formatMessage(PRESET_LABELS[p])}
          </option>
        ))}
      </SelectField>
      {query.preset === 'custom' ? (
        <>
          <TextField
            type="date"
            label={intl.formatMessage(messages.from)}
            value={query.from ?? ''}
            max={query.to}
            onChange={(e) => e.target.value && set({ from: e.target.value })}
          />
          <TextField
            type="date"
            label={intl.formatMessage(messages.to)}
            value={query.to ?? ''}
            min={query.from}
            onChange={(e) => e.target.value && set({ to: e.target.value })}
          />
        </>
      ) : null}
      <SelectField
        label={intl.formatMessage(messages.channel)}
        value={query.channelId ?? ''}
        onChange={(e) => set({ channelId: e.target.value || undefined })}
      >
        <option value="">{all}</option>
        {(channels.data ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </SelectField>
      {admin ? (
        <SelectField
          label={intl.formatMessage(messages.agent)}
          value={query.agentId ?? ''}
          onChange={(e) => set({ agentId: e.target.value || undefined })}
        >
          <option value="">{all}</option>
          {(team.data ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      <SelectField
        label={intl.formatMessage(messages.tag)}
        value={query.tagId ?? ''}
        onChange={(e) => set({ tagId: e.target.value || undefined })}
      >
        <option value="">{all}</option>
        {(tags.data ?? []).map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={intl.formatMessage(messages.status)}
        value={query.statusId ?? ''}
        onChange={(e) => set({ statusId: e.target.value || undefined })}
      >
        <option value="">{all}</option>
        {(statuses.data ?? []).map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </SelectField>
      <button
        type="button"
        className="button button-ghost"
        onClick={() =>
          onChange({
            preset: query.preset ?? 'last7',
            ...(query.preset === 'custom' ? { from: query.from, to: query.to } : {}),
          })
        }
      >
        <FormattedMessage {...messages.clear} />
      </button>
    </form>
  );
}

/** A chart with its table view (a toggle) and its CSV export. */
function ChartSection({
  title,
  description,
  table,
  csv,
  chart,
}: {
  title: ReactNode;
  description?: ReactNode;
  table: ReactNode;
  csv: string;
  chart: ReactNode | null;
}) {
  const [asTable, setAsTable] = useState(false);
  const tableId = useId();
  return (
    <Section title={title} description={description}>
      <div className="stats-chart-actions">
        {chart ? (
          <button
            type="button"
            className="button button-small"
            aria-pressed={asTable}
            aria-controls={tableId}
            onClick={() => setAsTable((v) => !v)}
          >
            <FormattedMessage {...(asTable ? messages.showChart : messages.showTable)} />
          </button>
        ) : null}
        <a className="button button-small button-ghost" href={csv} download>
          <FormattedMessage {...messages.csv} />
        </a>
      </div>
      <div id={tableId}>{chart && !asTable ? chart : table}</div>
    </Section>
  );
}

function ReportView({
  query,
  report,
  team,
  admin,
}: {
  query: TStatsQuery;
  report: TReport;
  team: TReport['previous'] | undefined;
  admin: boolean;
}) {
  const intl = useIntl();
  const csv = (table: TStatsTable) => statsCsvUrl(query, table);
  const labels = useMemo(() => report.series.map((s) => s.label), [report]);
  const volume = useMemo(
    () => [
      {
        label: intl.formatMessage(statsMessages.chats),
        values: report.series.map((s) => s.chats),
        colorVar: '--primary',
      },
      {
        label: intl.formatMessage(statsMessages.missed),
        values: report.series.map((s) => s.missed),
        colorVar: '--danger',
      },
      {
        label: intl.formatMessage(statsMessages.offline),
        values: report.series.map((s) => s.offline),
        colorVar: '--warning',
      },
    ],
    [report, intl],
  );
  const responses = useMemo(
    () => [
      {
        label: intl.formatMessage(statsMessages.firstResponse),
        values: report.series.map((s) => seconds(s.firstResponseAvgMs)),
        colorVar: '--primary',
      },
      {
        label: intl.formatMessage(statsMessages.response),
        values: report.series.map((s) => seconds(s.responseAvgMs)),
        colorVar: '--success',
      },
    ],
    [report, intl],
  );
  const ratingRows = useRatingRows(report.figures);
  const ratingLabels = useMemo(() => ratingRows.map((r) => r.label), [ratingRows]);
  const ratingSeries = useMemo(
    () => [
      {
        label: intl.formatMessage(statsMessages.ratingCount),
        values: ratingRows.map((r) => r.count),
        colorVar: '--primary',
      },
    ],
    [ratingRows, intl],
  );
  const agentRows = report.byAgent.filter((a) => a.id);
  const agentLabels = useMemo(() => agentRows.map((a) => a.name ?? ''), [agentRows]);
  const agentSeries = useMemo(
    () => [
      {
        label: intl.formatMessage(statsMessages.chats),
        values: agentRows.map((a) => a.chats),
        colorVar: '--primary',
      },
    ],
    [agentRows, intl],
  );
  return (
    <>
      <p className="stats-period" aria-live="polite">
        {intl.formatMessage(messages.showing, {
          from: report.period.from,
          to: report.period.to,
          previousFrom: report.previousPeriod.from,
          previousTo: report.previousPeriod.to,
        })}
      </p>
      <Section title={<FormattedMessage {...messages.figures} />}>
        <div className="stats-chart-actions">
          <a className="button button-small button-ghost" href={csv('summary')} download>
            <FormattedMessage {...messages.csv} />
          </a>
        </div>
        <StatsFigures figures={report.figures} previous={report.previous} team={team} />
      </Section>
      <ChartSection
        title={<FormattedMessage {...messages.volume} />}
        csv={csv('series')}
        chart={<StatsChart labels={labels} series={volume} />}
        table={<SeriesTable report={report} caption={intl.formatMessage(messages.volume)} />}
      />
      <ChartSection
        title={<FormattedMessage {...messages.responseTimes} />}
        csv={csv('series')}
        chart={<StatsChart labels={labels} series={responses} />}
        table={<SeriesTable report={report} caption={intl.formatMessage(messages.responseTimes)} />}
      />
      <ChartSection
        title={<FormattedMessage {...messages.busiest} />}
        description={<FormattedMessage {...messages.busiestHint} />}
        csv={csv('heatmap')}
        chart={null}
        table={<HeatmapTable heatmap={report.heatmap} caption={intl.formatMessage(messages.busiest)} />}
      />
      <ChartSection
        title={<FormattedMessage {...messages.ratings} />}
        csv={csv('ratings')}
        chart={<StatsChart labels={ratingLabels} series={ratingSeries} bars />}
        table={<RatingsTable figures={report.figures} caption={intl.formatMessage(messages.ratings)} />}
      />
      {admin ? (
        <ChartSection
          title={<FormattedMessage {...messages.agents} />}
          csv={csv('agents')}
          chart={agentRows.length > 0 ? <StatsChart labels={agentLabels} series={agentSeries} bars /> : null}
          table={
            <BreakdownTable
              rows={report.byAgent}
              kind="agent"
              caption={intl.formatMessage(messages.agents)}
            />
          }
        />
      ) : null}
      <ChartSection
        title={<FormattedMessage {...messages.channels} />}
        csv={csv('channels')}
        chart={null}
        table={
          <BreakdownTable
            rows={report.byChannel}
            kind="channel"
            caption={intl.formatMessage(messages.channels)}
          />
        }
      />
    </>
  );
}

/** The live dashboard: refreshed every 10 s while the page is open. */
function LiveDashboard() {
  const intl = useIntl();
  const duration = useFormatDuration();
  const live = trpc.stats.live.useQuery(undefined, { refetchInterval: 10_000 });
  if (!live.data) return live.isError ? <ErrorState error={live.error} /> : null;
  const d = live.data;
  const stat = (label: (typeof messages)[keyof typeof messages], value: string) => (
    <div className="stat" key={label.id}>
      <dt>
        <FormattedMessage {...label} />
      </dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <Section title={<FormattedMessage {...messages.live} />}>
      <dl className="stats-grid">
        {stat(messages.liveVisitors, intl.formatNumber(d.visitorsOnSite))}
        {stat(messages.liveWaiting, intl.formatNumber(d.waiting.length))}
        {stat(messages.liveLongest, d.longestWaitMs === null ? '—' : duration(d.longestWaitMs))}
        {stat(messages.liveInProgress, intl.formatNumber(d.inProgress))}
        {stat(messages.liveOnline, intl.formatNumber(d.agentsOnline))}
        {stat(messages.liveAway, intl.formatNumber(d.agentsAway))}
      </dl>
    </Section>
  );
}

function TimeZoneSettings({ current }: { current: string }) {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const [value, setValue] = useState(current);
  const save = trpc.stats.setTimeZone.useMutation({
    onSuccess: () => utils.stats.invalidate(),
  });
  const zones = useMemo(() => {
    const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
    return supported ? supported('timeZone') : [];
  }, []);
  const listId = useId();
  return (
    <Section title={<FormattedMessage {...messages.settings} />}>
      <form
        className="stats-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ timeZone: value });
        }}
      >
        <TextField
          label={intl.formatMessage(messages.timeZone)}
          hint={intl.formatMessage(messages.timeZoneHint)}
          value={value}
          list={listId}
          onChange={(e) => setValue(e.target.value)}
        />
        <datalist id={listId}>
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <button type="submit" className="button" disabled={save.isPending || value === current}>
          <FormattedMessage {...messages.timeZoneSave} />
        </button>
      </form>
      <FormError error={save.error} />
    </Section>
  );
}
