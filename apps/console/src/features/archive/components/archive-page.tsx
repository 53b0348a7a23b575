import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useParams } from 'react-router';
import { ConversationList } from '../../../components/conversation-list';
import { SelectField, TextField } from '../../../components/field';
import { Page } from '../../../components/page';
import {
  ChoiceFilter,
  SearchFilters,
  ShowMore,
  searchFilterMessages,
} from '../../../components/search-filters';
import { EmptyState, ErrorState, Loading } from '../../../components/status';
import { trpc } from '../../../lib/trpc';
import { useUrlFilters } from '../../../lib/use-url-filters';
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
      'All conversations, open and closed. Search the messages, the visitors’ names and emails, and email subjects.',
  },
  searchPlaceholder: {
    id: 'archive.searchPlaceholder',
    defaultMessage: 'Words from the chat, a name or an email',
  },
  channel: { id: 'archive.channel', defaultMessage: 'Channel' },
  agent: { id: 'archive.agent', defaultMessage: 'Agent' },
  status: { id: 'archive.status', defaultMessage: 'Status' },
  open: { id: 'archive.status.open', defaultMessage: 'Open' },
  closed: { id: 'archive.status.closed', defaultMessage: 'Closed' },
  from: { id: 'archive.from', defaultMessage: 'From' },
  to: { id: 'archive.to', defaultMessage: 'To' },
  calls: { id: 'archive.calls', defaultMessage: 'Calls' },
  callsAny: { id: 'archive.calls.any', defaultMessage: 'With a call' },
  callsAnswered: { id: 'archive.calls.answered', defaultMessage: 'Answered call' },
  callsMissed: { id: 'archive.calls.missed', defaultMessage: 'Missed or declined call' },
  results: { id: 'archive.results', defaultMessage: 'Conversations found' },
  empty: { id: 'archive.empty', defaultMessage: 'No conversations found' },
  emptyFiltered: { id: 'archive.emptyFiltered', defaultMessage: 'Try other words or fewer filters.' },
});

/** B3: full-text search with filters; the filters live in the URL. Any transcript opens read-only. */
export function ArchivePage() {
  const intl = useIntl();
  const { filters, apply, change } = useUrlFilters(archiveFiltersFromParams, archiveFiltersToParams);
  const channels = trpc.channels.list.useQuery();
  const team = trpc.team.list.useQuery();
  const input = toArchiveInput(filters);
  const archive = trpc.chats.archive.useInfiniteQuery(input, {
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

  const items = archive.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Page title={messages.title} description={<FormattedMessage {...messages.description} />}>
      <SearchFilters
        query={filters.q}
        onSearch={(q) => change({ q })}
        placeholder={intl.formatMessage(messages.searchPlaceholder)}
        filtered={hasArchiveFilters(filters)}
        onClear={() => apply(emptyArchiveFilters)}
      >
        <ChoiceFilter
          label={intl.formatMessage(messages.channel)}
          value={filters.channelId}
          choices={channels.data}
          onChange={(channelId) => change({ channelId })}
        />
        <ChoiceFilter
          label={intl.formatMessage(messages.agent)}
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
          <option value="">{intl.formatMessage(searchFilterMessages.any)}</option>
          <option value="open">{intl.formatMessage(messages.open)}</option>
          <option value="closed">{intl.formatMessage(messages.closed)}</option>
        </SelectField>
        <SelectField
          label={intl.formatMessage(messages.calls)}
          value={filters.calls}
          onChange={(event) => change({ calls: event.target.value as TArchiveFilters['calls'] })}
        >
          <option value="">{intl.formatMessage(searchFilterMessages.any)}</option>
          <option value="any">{intl.formatMessage(messages.callsAny)}</option>
          <option value="answered">{intl.formatMessage(messages.callsAnswered)}</option>
          <option value="missed">{intl.formatMessage(messages.callsMissed)}</option>
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
          <ShowMore list={archive} />
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
