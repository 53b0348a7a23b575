import { defineMessage, defineMessages, FormattedMessage, type MessageDescriptor, useIntl } from 'react-intl';
import { useFormatDuration } from '../../../components/duration';
import type { TRouterOutputs } from '../../../lib/trpc';
import { changePercent } from '../stats-query';

export type TReport = TRouterOutputs['stats']['report'];
export type TFigures = TReport['previous'];

export const statsMessages = defineMessages({
  chats: { id: 'stats.figure.chats', defaultMessage: 'Chats' },
  answered: { id: 'stats.figure.answered', defaultMessage: 'Answered' },
  missed: { id: 'stats.figure.missed', defaultMessage: 'Missed chats' },
  offline: { id: 'stats.figure.offline', defaultMessage: 'Offline messages' },
  firstResponse: { id: 'stats.figure.firstResponse', defaultMessage: 'First response (average)' },
  firstResponseMedian: {
    id: 'stats.figure.firstResponseMedian',
    defaultMessage: 'First response (median / p90)',
  },
  response: { id: 'stats.figure.response', defaultMessage: 'Response time (average)' },
  responseMedian: {
    id: 'stats.figure.responseMedian',
    defaultMessage: 'Response time per chat (median / p90)',
  },
  duration: { id: 'stats.figure.duration', defaultMessage: 'Chat duration (average)' },
  transfers: { id: 'stats.figure.transfers', defaultMessage: 'Transfers' },
  rating: { id: 'stats.figure.rating', defaultMessage: 'Rating' },
  ratingValue: defineMessage<{ rating: number; count: number }>({
    id: 'stats.figure.ratingValue',
    defaultMessage: '{rating, number} / 5 ({count, plural, one {# rating} other {# ratings}})',
  }),
  thumbs: { id: 'stats.figure.thumbs', defaultMessage: 'Thumbs ratings (good / bad)' },
  thumbsUp: { id: 'stats.figure.thumbsUp', defaultMessage: 'Thumbs up' },
  thumbsDown: { id: 'stats.figure.thumbsDown', defaultMessage: 'Thumbs down' },
  stars: defineMessage<{ stars: number }>({
    id: 'stats.figure.stars',
    defaultMessage: '{stars, plural, one {# star} other {# stars}}',
  }),
  ratingScore: { id: 'stats.table.ratingScore', defaultMessage: 'Rating' },
  ratingCount: { id: 'stats.table.ratingCount', defaultMessage: 'Ratings given' },
  callsAnswered: { id: 'stats.figure.callsAnswered', defaultMessage: 'Calls answered' },
  callsMissed: { id: 'stats.figure.callsMissed', defaultMessage: 'Calls missed' },
  callDuration: { id: 'stats.figure.callDuration', defaultMessage: 'Call duration (average)' },
  visits: { id: 'stats.figure.visits', defaultMessage: 'Visits' },
  newVisits: { id: 'stats.figure.newVisits', defaultMessage: 'New visitors' },
  pageViews: { id: 'stats.figure.pageViews', defaultMessage: 'Page views' },
  invitations: { id: 'stats.figure.invitations', defaultMessage: 'Invitations answered' },
  invitationsValue: defineMessage<{ answered: number; shown: number; percent: number }>({
    id: 'stats.figure.invitationsValue',
    defaultMessage: '{answered, number} of {shown, number} ({percent, number}%)',
  }),
  automatic: { id: 'stats.figure.automatic', defaultMessage: 'Chats from automatic invitations' },
  none: { id: 'stats.figure.none', defaultMessage: '—' },
  previous: defineMessage<{ value: string }>({
    id: 'stats.figure.previous',
    defaultMessage: 'Previous period: {value}',
  }),
  change: defineMessage<{ change: number }>({
    id: 'stats.figure.change',
    defaultMessage: '{change, number, ::sign-always}% vs previous period',
  }),
  team: defineMessage<{ value: string }>({ id: 'stats.figure.team', defaultMessage: 'Team: {value}' }),
  noAgent: { id: 'stats.table.noAgent', defaultMessage: 'No agent' },
  noChannel: { id: 'stats.table.noChannel', defaultMessage: 'No channel' },
  name: { id: 'stats.table.name', defaultMessage: 'Name' },
  time: { id: 'stats.table.time', defaultMessage: 'Time' },
  weekday: { id: 'stats.table.weekday', defaultMessage: 'Day' },
  mon: { id: 'stats.weekday.mon', defaultMessage: 'Mon' },
  tue: { id: 'stats.weekday.tue', defaultMessage: 'Tue' },
  wed: { id: 'stats.weekday.wed', defaultMessage: 'Wed' },
  thu: { id: 'stats.weekday.thu', defaultMessage: 'Thu' },
  fri: { id: 'stats.weekday.fri', defaultMessage: 'Fri' },
  sat: { id: 'stats.weekday.sat', defaultMessage: 'Sat' },
  sun: { id: 'stats.weekday.sun', defaultMessage: 'Sun' },
});

export const WEEKDAYS = [
  statsMessages.mon,
  statsMessages.tue,
  statsMessages.wed,
  statsMessages.thu,
  statsMessages.fri,
  statsMessages.sat,
  statsMessages.sun,
];

function useFormatters() {
  const intl = useIntl();
  const duration = useFormatDuration();
  const none = intl.formatMessage(statsMessages.none);
  return {
    count: (n: number | null) => (n === null ? none : intl.formatNumber(n)),
    ms: (n: number | null) => (n === null ? none : duration(n)),
    none,
  };
}

/** The report's figures, each with the previous period (and the team's, on an agent's page). */
export function StatsFigures({
  figures,
  previous,
  team,
}: {
  figures: TReport['figures'];
  previous: TFigures;
  team?: TFigures | undefined;
}) {
  const intl = useIntl();
  const f = useFormatters();
  const item = (
    label: MessageDescriptor,
    value: string,
    key?: keyof TFigures,
    format: (n: number | null) => string = f.count,
  ) => {
    const change = key ? changePercent(figures[key] as number | null, previous[key] as number | null) : null;
    return (
      <div className="stat" key={label.id}>
        <dt>
          <FormattedMessage {...label} />
        </dt>
        <dd>{value}</dd>
        {key ? (
          <dd className="stat-compare">
            {intl.formatMessage(statsMessages.previous, { value: format(previous[key] as number | null) })}
            {change !== null ? ` · ${intl.formatMessage(statsMessages.change, { change })}` : ''}
          </dd>
        ) : null}
        {key && team ? (
          <dd className="stat-compare">
            {intl.formatMessage(statsMessages.team, { value: format(team[key] as number | null) })}
          </dd>
        ) : null}
      </div>
    );
  };
  const invitationPercent =
    figures.proactive > 0 ? Math.round((figures.proactiveAnswered / figures.proactive) * 100) : 0;
  return (
    <dl className="stats-grid">
      {item(statsMessages.chats, f.count(figures.chats), 'chats')}
      {item(statsMessages.answered, f.count(figures.answered), 'answered')}
      {item(statsMessages.missed, f.count(figures.missed), 'missed')}
      {item(statsMessages.offline, f.count(figures.offline), 'offline')}
      {item(statsMessages.firstResponse, f.ms(figures.firstResponseAvgMs), 'firstResponseAvgMs', f.ms)}
      {item(
        statsMessages.firstResponseMedian,
        `${f.ms(figures.firstResponseMedianMs)} / ${f.ms(figures.firstResponseP90Ms)}`,
      )}
      {item(statsMessages.response, f.ms(figures.responseAvgMs), 'responseAvgMs', f.ms)}
      {item(
        statsMessages.responseMedian,
        `${f.ms(figures.responseMedianMs)} / ${f.ms(figures.responseP90Ms)}`,
      )}
      {item(statsMessages.duration, f.ms(figures.durationAvgMs), 'durationAvgMs', f.ms)}
      {item(statsMessages.transfers, f.count(figures.transfers), 'transfers')}
      {item(
        statsMessages.rating,
        figures.ratingAvg === null
          ? f.none
          : intl.formatMessage(statsMessages.ratingValue, {
              rating: figures.ratingAvg,
              count: figures.ratingCount,
            }),
        'ratingAvg',
        (n) => (n === null ? f.none : intl.formatNumber(n)),
      )}
      {item(
        statsMessages.thumbs,
        `${f.count(figures.thumbsUp)} / ${f.count(figures.thumbsDown)}`,
        'thumbsUp',
      )}
      {figures.callsAnswered !== null
        ? item(statsMessages.callsAnswered, f.count(figures.callsAnswered), 'callsAnswered')
        : null}
      {figures.callsMissed !== null
        ? item(statsMessages.callsMissed, f.count(figures.callsMissed), 'callsMissed')
        : null}
      {figures.callsAnswered !== null
        ? item(statsMessages.callDuration, f.ms(figures.callDurationAvgMs), 'callDurationAvgMs', f.ms)
        : null}
      {figures.visits !== null ? item(statsMessages.visits, f.count(figures.visits), 'visits') : null}
      {figures.newVisits !== null
        ? item(statsMessages.newVisits, f.count(figures.newVisits), 'newVisits')
        : null}
      {figures.pageViews !== null
        ? item(statsMessages.pageViews, f.count(figures.pageViews), 'pageViews')
        : null}
      {item(
        statsMessages.invitations,
        intl.formatMessage(statsMessages.invitationsValue, {
          answered: figures.proactiveAnswered,
          shown: figures.proactive,
          percent: invitationPercent,
        }),
      )}
      {item(statsMessages.automatic, f.count(figures.invited), 'invited')}
    </dl>
  );
}

/** The volume and response-time series as a table (the charts' table view). */
export function SeriesTable({ report, caption }: { report: TReport; caption: string }) {
  const f = useFormatters();
  return (
    <table className="table stats-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">
            <FormattedMessage {...statsMessages.time} />
          </th>
          <th scope="col">
            <FormattedMessage {...statsMessages.chats} />
          </th>
          <th scope="col">
            <FormattedMessage {...statsMessages.missed} />
          </th>
          <th scope="col">
            <FormattedMessage {...statsMessages.offline} />
          </th>
          <th scope="col">
            <FormattedMessage {...statsMessages.firstResponse} />
          </th>
          <th scope="col">
            <FormattedMessage {...statsMessages.response} />
          </th>
        </tr>
      </thead>
      <tbody>
        {report.series.map((s) => (
          <tr key={s.key}>
            <th scope="row">{s.label}</th>
            <td>{f.count(s.chats)}</td>
            <td>{f.count(s.missed)}</td>
            <td>{f.count(s.offline)}</td>
            <td>{f.ms(s.firstResponseAvgMs)}</td>
            <td>{f.ms(s.responseAvgMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Chats per channel or per agent, with their main figures. */
export function BreakdownTable({
  rows,
  kind,
  caption,
}: {
  rows: TReport['byChannel'];
  kind: 'channel' | 'agent';
  caption: string;
}) {
  const intl = useIntl();
  const f = useFormatters();
  return (
    <table className="table stats-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">
            <FormattedMessage {...statsMessages.name} />
          </th>
          <th scope="col">
            <FormattedMessage {...statsMessages.chats} />
          </th>
          <th scope="col">
            <FormattedMessage {...statsMessages.missed} />
          </th>
          <th scope="col">
            <FormattedMessage {...statsMessages.firstResponse} />
          </th>
          <th scope="col">
            <FormattedMessage {...statsMessages.response} />
          </th>
          <th scope="col">
            <FormattedMessage {...statsMessages.transfers} />
          </th>
          <th scope="col">
            <FormattedMessage {...statsMessages.rating} />
          </th>
          <th scope="col">
            <FormattedMessage {...statsMessages.callsAnswered} />
          </th>
          <th scope="col">
            <FormattedMessage {...statsMessages.callsMissed} />
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id || '-'}>
            <th scope="row">
              {r.name ??
                intl.formatMessage(kind === 'agent' ? statsMessages.noAgent : statsMessages.noChannel)}
            </th>
            <td>{f.count(r.chats)}</td>
            <td>{f.count(r.missed)}</td>
            <td>{f.ms(r.firstResponseAvgMs)}</td>
            <td>{f.ms(r.responseAvgMs)}</td>
            <td>{f.count(r.transfers)}</td>
            <td>{r.ratingAvg === null ? f.none : intl.formatNumber(r.ratingAvg)}</td>
            <td>{f.count(r.callsAnswered)}</td>
            <td>{f.count(r.callsMissed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The rating distribution as rows: the five star scores, then the thumbs scale (its chart's table view). */
export function useRatingRows(figures: TReport['figures']) {
  const intl = useIntl();
  return [
    ...figures.ratings.map((count, i) => ({
      key: `stars-${i + 1}`,
      label: intl.formatMessage(statsMessages.stars, { stars: i + 1 }),
      count,
    })),
    { key: 'up', label: intl.formatMessage(statsMessages.thumbsUp), count: figures.thumbsUp },
    { key: 'down', label: intl.formatMessage(statsMessages.thumbsDown), count: figures.thumbsDown },
  ];
}

export function RatingsTable({ figures, caption }: { figures: TReport['figures']; caption: string }) {
  const f = useFormatters();
  const rows = useRatingRows(figures);
  return (
    <table className="table stats-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">
            <FormattedMessage {...statsMessages.ratingScore} />
          </th>
          <th scope="col">
            <FormattedMessage {...statsMessages.ratingCount} />
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td>{f.count(r.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The busiest hours: chats per weekday × local hour, shaded; a real table, so it reads aloud. */
export function HeatmapTable({ heatmap, caption }: { heatmap: number[][]; caption: string }) {
  const intl = useIntl();
  const max = Math.max(1, ...heatmap.flat());
  return (
    <div className="stats-heatmap-scroll">
      <table className="stats-heatmap">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              <FormattedMessage {...statsMessages.weekday} />
            </th>
            {Array.from({ length: 24 }, (_, h) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the 24 hours are fixed columns.
              <th scope="col" key={h}>
                {String(h).padStart(2, '0')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {heatmap.map((row, day) => (
            <tr key={WEEKDAYS[day]?.id}>
              <th scope="row">{intl.formatMessage(WEEKDAYS[day] ?? statsMessages.mon)}</th>
              {row.map((n, h) => (
                <td
                  // biome-ignore lint/suspicious/noArrayIndexKey: the 24 hours are fixed columns.
                  key={h}
                  className={`stats-heat stats-heat-${Math.ceil((n / max) * 4)}`}
                >
                  {n}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
