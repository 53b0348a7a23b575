import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useParams, useSearchParams } from 'react-router';
import { ConversationList } from '../../../components/conversation-list';
import { SelectField, TextField } from '../../../components/field';
import { Page } from '../../../components/page';
import { ChoiceFilter, SearchFilters } from '../../../components/search-filters';
import { EmptyState, ErrorState, Loading } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { TagFilter } from '../../chat-tools';
import { ChatView } from '../../chats';
import {
  archiveFiltersFromParams,
  archiveFiltersToParams,
  emptyArchiveFilters,
  hasArchiveFilters,
  type TArchiveFilters,
  toArchiveInput,
} from '../archive-filters';

const messages = defineMessages({
  title: { id: 'archive.title', defaultMessage: 'Archive' },
  description: {
    id: 'archive.description',
    defaultMessage:
      'All conversations, open and closed. Search the messages and the visitors’ names and emails.',
  },
  filters: { id: 'archive.filters', defaultMessage: 'Search and filters' },
  search: { id: 'archive.search', defaultMessage: 'Search' },
  searchPlaceholder: {
    id: 'archive.searchPlaceholder',
    defaultMessage: 'Words from the chat, a name or an email',
  },
  searchButton: { id: 'archive.searchButton', defaultMessage: 'Search' },
  channel: { id: 'archive.channel', defaultMessage: 'Channel' },
  agent: { id: 'archive.agent', defaultMessage: 'Agent' },
  status: { id: 'archive.status', defaultMessage: 'Status' },
  any: { id: 'archive.any', defaultMessage: 'All' },
  open: { id: 'archive.status.open', defaultMessage: 'Open' },
  closed: { id: 'archive.status.closed', defaultMessage: 'Closed' },
  from: { id: 'archive.from', defaultMessage: 'From' },
  to: { id: 'archive.to', defaultMessage: 'To' },
  clear: { id: 'archive.clear', defaultMessage: 'Clear filters' },
  results: { id: 'archive.results', defaultMessage: 'Conversations found' },
  empty: { id: 'archive.empty', defaultMessage: 'No conversations found' },
  emptyFiltered: { id: 'archive.emptyFiltered', defaultMessage: 'Try other words or fewer filters.' },
  more: { id: 'archive.more', defaultMessage: 'Show more' },
});

/** B3: full-text search with filters; the filters live in the URL. Any transcript opens read-only. */
export function ArchivePage() {
  const intl = useIntl();
  const [params, setParams] = useSearchParams();
  const filters = archiveFiltersFromParams(params);
  const channels = trpc.channels.list.useQuery();
  const team = trpc.team.list.useQuery();
  const input = toArchiveInput(filters);
  const archive = trpc.chats.archive.useInfiniteQuery(input, {
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

  const apply = (next: TArchiveFilters) => setParams(archiveFiltersToParams(next), { replace: true });
  const change = (patch: Partial<TArchiveFilters>) => apply({ ...filters, ...patch });

  const items = archive.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      <SearchFilters
        label={intl.formatMessage(messages.filters)}
        query={filters.q}
        onSearch={(q) => change({ q })}
        text={{
          search: intl.formatMessage(messages.search),
          placeholder: intl.formatMessage(messages.searchPlaceholder),
          button: <FormattedMessage {...messages.searchButton} />,
        }}
        actions={
          hasArchiveFilters(filters) ? (
            <div>
              <button
                type="button"
                className="button button-small button-ghost"
                onClick={() => apply(emptyArchiveFilters)}
              >
                <FormattedMessage {...messages.clear} />
              </button>
            </div>
          ) : null
        }
      >
        <ChoiceFilter
          label={intl.formatMessage(messages.channel)}
          anyLabel={intl.formatMessage(messages.any)}
          value={filters.channelId}
          choices={channels.data}
          onChange={(channelId) => change({ channelId })}
        />
        <ChoiceFilter
          label={intl.formatMessage(messages.agent)}
          anyLabel={intl.formatMessage(messages.any)}
          value={filters.agentId}
          choices={team.data}
          onChange={(agentId) => change({ agentId })}
        />
        <TagFilter value={filters.tagId} onChange={(tagId) => change({ tagId })} />
        <SelectField
          label={intl.formatMessage(messages.status)}
          value={filters.status}
          onChange={(event) => change({ status: event.target.value as TArchiveFilters['status'] })}
        >
          <option value="">{intl.formatMessage(messages.any)}</option>
          <option value="open">{intl.formatMessage(messages.open)}</option>
          <option value="closed">{intl.formatMessage(messages.closed)}</option>
        </SelectField>
        <TextField
          label={intl.formatMessage(messages.from)}
          type="date"
          value={filters.from}
          onChange={(event) => change({ from: event.target.value })}
        />
        <TextField
          label={intl.formatMessage(messages.to)}
          type="date"
          value={filters.to}
          onChange={(event) => change({ to: event.target.value })}
        />
      </SearchFilters>

      {archive.isPending ? (
        <Loading />
      ) : archive.isError ? (
        <ErrorState error={archive.error} onRetry={() => archive.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={<FormattedMessage {...messages.empty} />}>
          {hasArchiveFilters(filters) ? <FormattedMessage {...messages.emptyFiltered} /> : null}
        </EmptyState>
      ) : (
        <>
          <ConversationList
            conversations={items}
            label={intl.formatMessage(messages.results)}
            hrefOf={(conversation) => `/archive/${conversation.id}`}
          />
          {archive.hasNextPage ? (
            <div>
              <button
                type="button"
                className="button"
                disabled={archive.isFetchingNextPage}
                onClick={() => void archive.fetchNextPage()}
              >
                <FormattedMessage {...messages.more} />
              </button>
            </div>
          ) : null}
        </>
      )}
    </Page>
  );
}

/** An archived (or any) transcript, read-only, with the visitor panel. */
export function ArchiveChatPage() {
  const { conversationId = '' } = useParams();
  return (
    <div className="chat-layout chat-layout-archive">
      <ChatView key={conversationId} conversationId={conversationId} readOnly />
    </div>
  );
}
