import { type FormEvent, useId, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ElapsedTime } from '../../../components/duration';
import { Page } from '../../../components/page';
import { EmptyState, ErrorState, FormError, Loading } from '../../../components/status';
import { VisitorDot } from '../../../components/visitor-dot';
import type { TOnlineVisitor } from '../../../lib/chat-types';
import { trpc } from '../../../lib/trpc';
import { useVisitorName } from '../../../lib/use-visitor-name';
import { VisitorPanelById } from './visitor-panel';

const messages = defineMessages({
  title: { id: 'visitors.title', defaultMessage: 'Visitors on the site' },
  description: {
    id: 'visitors.description',
    defaultMessage: 'Who is on your sites right now. Select a visitor to see details or start a chat.',
  },
  empty: { id: 'visitors.empty', defaultMessage: 'Nobody on your sites right now' },
  emptyText: {
    id: 'visitors.emptyText',
    defaultMessage: 'Visitors appear here as soon as they open a page with your chat widget.',
  },
  site: defineMessage<{ name: string; count: number }>({
    id: 'visitors.site',
    defaultMessage: '{name} ({count, plural, one {# visitor} other {# visitors}})',
  }),
  colVisitor: { id: 'visitors.col.visitor', defaultMessage: 'Visitor' },
  colPage: { id: 'visitors.col.page', defaultMessage: 'Page' },
  colTime: { id: 'visitors.col.time', defaultMessage: 'Time on site' },
  colSource: { id: 'visitors.col.source', defaultMessage: 'Source' },
  colLocation: { id: 'visitors.col.location', defaultMessage: 'Location' },
  colVisits: { id: 'visitors.col.visits', defaultMessage: 'Visits' },
  colChat: { id: 'visitors.col.chat', defaultMessage: 'Chat' },
  inChat: { id: 'visitors.inChat', defaultMessage: 'In a chat' },
  noChat: { id: 'visitors.noChat', defaultMessage: 'No chat' },
  sourceSearch: { id: 'visitors.source.search', defaultMessage: 'Search' },
  sourceReferral: { id: 'visitors.source.referral', defaultMessage: 'Referral' },
  sourceDirect: { id: 'visitors.source.direct', defaultMessage: 'Direct' },
  sourceCampaign: { id: 'visitors.source.campaign', defaultMessage: 'Campaign' },
  details: defineMessage<{ name: string }>({ id: 'visitors.details', defaultMessage: 'Details of {name}' }),
  close: { id: 'visitors.close', defaultMessage: 'Close' },
  startTitle: { id: 'visitors.start.title', defaultMessage: 'Start chat' },
  startLabel: { id: 'visitors.start.label', defaultMessage: 'First message' },
  startPlaceholder: {
    id: 'visitors.start.placeholder',
    defaultMessage: 'Hello! Can I help you find anything?',
  },
  start: { id: 'visitors.start.send', defaultMessage: 'Start chat' },
  openChat: { id: 'visitors.openChat', defaultMessage: 'Open the chat' },
  left: { id: 'visitors.left', defaultMessage: 'This visitor has left the site.' },
});

const sourceMessages = {
  search: messages.sourceSearch,
  referral: messages.sourceReferral,
  direct: messages.sourceDirect,
  campaign: messages.sourceCampaign,
} as const;

/** F1: the live list of visitors per site; F2: start a chat with one of them. */
export function VisitorsPage() {
  const intl = useIntl();
  const visitorName = useVisitorName();
  const online = trpc.visitors.online.useQuery();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('visitor');
  const select = (id: string | null) => setParams(id ? { visitor: id } : {}, { replace: true });

  const bySite = new Map<string, { name: string; visitors: TOnlineVisitor[] }>();
  for (const visitor of online.data?.filter((item) => item.online) ?? []) {
    const site = bySite.get(visitor.channel.id) ?? { name: visitor.channel.name, visitors: [] };
    site.visitors.push(visitor);
    bySite.set(visitor.channel.id, site);
  }
  const selected = online.data?.find((visitor) => visitor.id === selectedId);

  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      <div className={`visitors-layout ${selectedId ? 'has-selection' : ''}`}>
        <div className="visitors-sites">
          {online.isPending ? (
            <Loading />
          ) : online.isError ? (
            <ErrorState error={online.error} onRetry={() => online.refetch()} />
          ) : bySite.size === 0 ? (
            <EmptyState title={<FormattedMessage {...messages.empty} />}>
              <FormattedMessage {...messages.emptyText} />
            </EmptyState>
          ) : (
            [...bySite.entries()].map(([channelId, site]) => (
              <section key={channelId} className="card visitors-site">
                <header className="card-header">
                  <h2>
                    {intl.formatMessage(messages.site, { name: site.name, count: site.visitors.length })}
                  </h2>
                </header>
                <div className="card-body table-wrap">
                  <table className="table table-responsive">
                    <caption className="visually-hidden">{site.name}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{intl.formatMessage(messages.colVisitor)}</th>
                        <th scope="col">{intl.formatMessage(messages.colPage)}</th>
                        <th scope="col">{intl.formatMessage(messages.colTime)}</th>
                        <th scope="col">{intl.formatMessage(messages.colSource)}</th>
                        <th scope="col">{intl.formatMessage(messages.colLocation)}</th>
                        <th scope="col">{intl.formatMessage(messages.colVisits)}</th>
                        <th scope="col">{intl.formatMessage(messages.colChat)}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {site.visitors.map((visitor) => {
                        const name = visitorName(visitor);
                        return (
                          <tr
                            key={visitor.id}
                            className={visitor.id === selectedId ? 'is-selected' : undefined}
                          >
                            <td data-label={intl.formatMessage(messages.colVisitor)}>
                              <span className="visitor-cell">
                                <VisitorDot online={visitor.online} />
                                <button
                                  type="button"
                                  className="link-button"
                                  aria-pressed={visitor.id === selectedId}
                                  aria-label={intl.formatMessage(messages.details, { name })}
                                  onClick={() => select(visitor.id)}
                                >
                                  <bdi>{name}</bdi>
                                </button>
                              </span>
                            </td>
                            <td data-label={intl.formatMessage(messages.colPage)}>
                              <span className="truncate" title={visitor.currentPage?.url}>
                                <bdi>{visitor.currentPage?.title || visitor.currentPage?.url || '—'}</bdi>
                              </span>
                            </td>
                            <td data-label={intl.formatMessage(messages.colTime)}>
                              <ElapsedTime since={visitor.visitStartedAt} live={visitor.online} />
                            </td>
                            <td data-label={intl.formatMessage(messages.colSource)}>
                              {intl.formatMessage(sourceMessages[visitor.source])}
                            </td>
                            <td data-label={intl.formatMessage(messages.colLocation)}>
                              <bdi>{[visitor.city, visitor.country].filter(Boolean).join(', ') || '—'}</bdi>
                            </td>
                            <td data-label={intl.formatMessage(messages.colVisits)}>{visitor.visits}</td>
                            <td data-label={intl.formatMessage(messages.colChat)}>
                              {visitor.conversationId ? (
                                <Link to={`/chats/${visitor.conversationId}`} className="badge badge-success">
                                  <FormattedMessage {...messages.inChat} />
                                </Link>
                              ) : (
                                <span className="badge badge-muted">
                                  <FormattedMessage {...messages.noChat} />
                                </span>
                              )}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              </section>
            ))
          )}
        </div>
        {selectedId ? (
          <aside
            className="visitors-detail card"
            aria-label={intl.formatMessage(messages.details, {
              name: selected ? visitorName(selected) : '',
            })}
          >
            <div className="visitors-detail-top">
              <button type="button" className="button button-small" onClick={() => select(null)}>
                <FormattedMessage {...messages.close} />
              </button>
            </div>
            {selected && !selected.online ? (
              <p className="muted">
                <FormattedMessage {...messages.left} />
              </p>
            ) : null}
            {selected?.conversationId ? (
              <Link to={`/chats/${selected.conversationId}`} className="button button-primary">
                <FormattedMessage {...messages.openChat} />
              </Link>
            ) : (
              <StartChatForm visitorId={selectedId} />
            )}
            <VisitorPanelById visitorId={selectedId} />
          </aside>
        ) : null}
      </div>
    </Page>
  );
}

/** F2: the first message of a chat the agent starts; the chat opens once it is sent. */
function StartChatForm({ visitorId }: { visitorId: string }) {
  const intl = useIntl();
  const id = useId();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const [body, setBody] = useState('');
  const [clientId] = useState(() => crypto.randomUUID());
  const start = trpc.chats.startWithVisitor.useMutation({
    onSuccess: (conversation) => {
      utils.chats.mine.setData(undefined, (list) =>
        list ? [...list.filter((item) => item.id !== conversation.id), conversation] : list,
      );
      void utils.visitors.online.invalidate();
      navigate(`/chats/${conversation.id}`);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const text = body.trim();
    if (!text || start.isPending) return;
    start.mutate({ visitorId, clientId, body: text });
  }
  return (
    <form className="start-chat" onSubmit={submit} aria-label={intl.formatMessage(messages.startTitle)}>
      <div className="field">
        <label htmlFor={id}>
          <FormattedMessage {...messages.startLabel} />
        </label>
        <textarea
          id={id}
          rows={3}
          maxLength={5000}
          value={body}
          placeholder={intl.formatMessage(messages.startPlaceholder)}
          onChange={(event) => setBody(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
          }}
        />
      </div>
      <FormError error={start.error} />
      <button
        type="submit"
        className="button button-primary"
        disabled={start.isPending || body.trim() === ''}
      >
        <FormattedMessage {...messages.start} />
      </button>
    </form>
  );
}
