import { defineMessage, defineMessages, FormattedMessage, type MessageDescriptor, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { SelectField, TextField } from '../../../components/field';
import { Page } from '../../../components/page';
import { RelativeTime } from '../../../components/relative-time';
import {
  ChoiceFilter,
  SearchFilters,
  ShowMore,
  searchFilterMessages,
} from '../../../components/search-filters';
import { EmptyState, ErrorState, Loading } from '../../../components/status';
import { VisitorDot } from '../../../components/visitor-dot';
import { trpc } from '../../../lib/trpc';
import { useUrlFilters } from '../../../lib/use-url-filters';
import { useVisitorName } from '../../../lib/use-visitor-name';
import { TagFilter } from '../../chat-tools';
import type { TCrmVisitorRow } from '../types';
import {
  emptyVisitorFilters,
  hasVisitorFilters,
  type TPresenceFilter,
  toVisitorFilterInput,
  visitorExportUrl,
  visitorFiltersFromParams,
  visitorFiltersToParams,
} from '../visitor-filters';
import { StatusBadge, TagBadge } from './status-badge';

const messages = defineMessages({
  title: { id: 'crm.visitors.title', defaultMessage: 'Visitors' },
  description: {
    id: 'crm.visitors.description',
    defaultMessage:
      'One record per visitor, not per chat: contact data, notes, status and every conversation they had.',
  },
  searchPlaceholder: {
    id: 'crm.visitors.searchPlaceholder',
    defaultMessage: 'Name, email, phone or visitor number',
  },
  status: { id: 'crm.visitors.status', defaultMessage: 'Status' },
  channel: { id: 'crm.visitors.channel', defaultMessage: 'Channel' },
  lastSeenFrom: { id: 'crm.visitors.lastSeenFrom', defaultMessage: 'Last seen from' },
  lastSeenTo: { id: 'crm.visitors.lastSeenTo', defaultMessage: 'Last seen to' },
  hasEmail: { id: 'crm.visitors.hasEmail', defaultMessage: 'Email' },
  hasPhone: { id: 'crm.visitors.hasPhone', defaultMessage: 'Phone' },
  withEmail: { id: 'crm.visitors.withEmail', defaultMessage: 'With email' },
  withoutEmail: { id: 'crm.visitors.withoutEmail', defaultMessage: 'Without email' },
  withPhone: { id: 'crm.visitors.withPhone', defaultMessage: 'With phone' },
  withoutPhone: { id: 'crm.visitors.withoutPhone', defaultMessage: 'Without phone' },
  export: { id: 'crm.visitors.export', defaultMessage: 'Export CSV' },
  exportHint: {
    id: 'crm.visitors.exportHint',
    defaultMessage: 'Downloads every visitor that matches the filters, not only this page.',
  },
  results: { id: 'crm.visitors.results', defaultMessage: 'Visitors found' },
  colVisitor: { id: 'crm.visitors.col.visitor', defaultMessage: 'Visitor' },
  colContact: { id: 'crm.visitors.col.contact', defaultMessage: 'Contact' },
  colLocation: { id: 'crm.visitors.col.location', defaultMessage: 'Location' },
  colStatus: { id: 'crm.visitors.col.status', defaultMessage: 'Status' },
  colTags: { id: 'crm.visitors.col.tags', defaultMessage: 'Tags' },
  colChats: { id: 'crm.visitors.col.chats', defaultMessage: 'Chats' },
  colLastSeen: { id: 'crm.visitors.col.lastSeen', defaultMessage: 'Last seen' },
  chats: defineMessage<{ count: number }>({
    id: 'crm.visitors.chats',
    defaultMessage: '{count, plural, =0 {No chats} one {# chat} other {# chats}}',
  }),
  empty: { id: 'crm.visitors.empty', defaultMessage: 'No visitors yet' },
  emptyText: {
    id: 'crm.visitors.emptyText',
    defaultMessage: 'Everyone who opens a page with your chat widget gets a record here.',
  },
  emptyFiltered: { id: 'crm.visitors.emptyFiltered', defaultMessage: 'No visitors match' },
  emptyFilteredText: {
    id: 'crm.visitors.emptyFilteredText',
    defaultMessage: 'Try other words or fewer filters.',
  },
});

export { messages as crmVisitorsMessages };

function presenceOptions(intl: ReturnType<typeof useIntl>, yes: string, no: string) {
  return (
    <>
      <option value="">{intl.formatMessage(searchFilterMessages.any)}</option>
      <option value="yes">{yes}</option>
      <option value="no">{no}</option>
    </>
  );
}

/** D1: the CRM's visitor list; the filters live in the URL, the CSV export takes the same filters. */
export function CrmVisitorsPage() {
  const intl = useIntl();
  const { filters, apply, change } = useUrlFilters(visitorFiltersFromParams, visitorFiltersToParams);
  const channels = trpc.channels.list.useQuery();
  const statuses = trpc.processes.list.useQuery();
  const input = toVisitorFilterInput(filters);
  const visitors = trpc.crm.visitors.useInfiniteQuery(input, {
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = visitors.data?.pages.flatMap((page) => page.items) ?? [];

  const filtered = hasVisitorFilters(filters);

  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      <SearchFilters
        query={filters.q}
        onSearch={(q) => change({ q })}
        placeholder={intl.formatMessage(messages.searchPlaceholder)}
        filtered={filtered}
        onClear={() => apply(emptyVisitorFilters)}
        actions={
          <a
            className="button button-small crm-export"
            href={visitorExportUrl(filters)}
            download
            title={intl.formatMessage(messages.exportHint)}
          >
            <FormattedMessage {...messages.export} />
          </a>
        }
      >
        <ChoiceFilter
          label={intl.formatMessage(messages.status)}
          value={filters.statusId}
          choices={statuses.data}
          onChange={(statusId) => change({ statusId })}
        />
        <TagFilter value={filters.tagId} onChange={(tagId) => change({ tagId })} />
        <ChoiceFilter
          label={intl.formatMessage(messages.channel)}
          value={filters.channelId}
          choices={channels.data}
          onChange={(channelId) => change({ channelId })}
        />
        <TextField
          label={intl.formatMessage(messages.lastSeenFrom)}
          type="date"
          value={filters.lastSeenFrom}
          onChange={(event) => change({ lastSeenFrom: event.target.value })}
        />
        <TextField
          label={intl.formatMessage(messages.lastSeenTo)}
          type="date"
          value={filters.lastSeenTo}
          onChange={(event) => change({ lastSeenTo: event.target.value })}
        />
        <SelectField
          label={intl.formatMessage(messages.hasEmail)}
          value={filters.hasEmail}
          onChange={(event) => change({ hasEmail: event.target.value as TPresenceFilter })}
        >
          {presenceOptions(
            intl,
            intl.formatMessage(messages.withEmail),
            intl.formatMessage(messages.withoutEmail),
          )}
        </SelectField>
        <SelectField
          label={intl.formatMessage(messages.hasPhone)}
          value={filters.hasPhone}
          onChange={(event) => change({ hasPhone: event.target.value as TPresenceFilter })}
        >
          {presenceOptions(
            intl,
            intl.formatMessage(messages.withPhone),
            intl.formatMessage(messages.withoutPhone),
          )}
        </SelectField>
      </SearchFilters>

      {visitors.isPending ? (
        <Loading />
      ) : visitors.isError ? (
        <ErrorState error={visitors.error} onRetry={() => visitors.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={<FormattedMessage {...(filtered ? messages.emptyFiltered : messages.empty)} />}>
          <FormattedMessage {...(filtered ? messages.emptyFilteredText : messages.emptyText)} />
        </EmptyState>
      ) : (
        <>
          <VisitorTable visitors={items} />
          <ShowMore list={visitors} />
        </>
      )}
    </Page>
  );
}

function VisitorTable({ visitors }: { visitors: TCrmVisitorRow[] }) {
  const intl = useIntl();
  const visitorName = useVisitorName();
  const col = (descriptor: MessageDescriptor) => intl.formatMessage(descriptor);
  return (
    <div className="table-wrap card">
      <table className="table table-responsive crm-table">
        <caption className="visually-hidden">{col(messages.results)}</caption>
        <thead>
          <tr>
            <th scope="col">{col(messages.colVisitor)}</th>
            <th scope="col">{col(messages.colContact)}</th>
            <th scope="col">{col(messages.colLocation)}</th>
            <th scope="col">{col(messages.colStatus)}</th>
            <th scope="col">{col(messages.colTags)}</th>
            <th scope="col">{col(messages.colChats)}</th>
            <th scope="col">{col(messages.colLastSeen)}</th>
          </tr>
        </thead>
        <tbody>
          {visitors.map((visitor) => (
            <tr key={visitor.id}>
              <th scope="row" data-label={col(messages.colVisitor)}>
                <span className="visitor-cell">
                  <VisitorDot online={visitor.online} />
                  <Link to={`/crm/visitors/${visitor.id}`}>
                    <bdi>{visitorName(visitor)}</bdi>
                  </Link>
                </span>
              </th>
              <td data-label={col(messages.colContact)}>
                <span className="crm-contact">
                  {visitor.email ? <span className="truncate">{visitor.email}</span> : null}
                  {visitor.phone ? <span>{visitor.phone}</span> : null}
                  {!visitor.email && !visitor.phone ? <span className="muted">—</span> : null}
                </span>
              </td>
              <td data-label={col(messages.colLocation)}>
                {[visitor.city, visitor.country].filter(Boolean).join(', ') || (
                  <span className="muted">—</span>
                )}
              </td>
              <td data-label={col(messages.colStatus)}>
                {visitor.status ? <StatusBadge status={visitor.status} /> : <span className="muted">—</span>}
              </td>
              <td data-label={col(messages.colTags)}>
                {visitor.tags.length > 0 ? (
                  <span className="tag-list">
                    {visitor.tags.map((tag) => (
                      <TagBadge key={tag.id} tag={tag} />
                    ))}
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td data-label={col(messages.colChats)}>
                {intl.formatMessage(messages.chats, { count: visitor.conversations })}
              </td>
              <td data-label={col(messages.colLastSeen)}>
                <RelativeTime value={visitor.lastSeenAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
