import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { ConversationList } from '../../../components/conversation-list';
import { Page } from '../../../components/page';
import { EmptyState, ErrorState, Loading } from '../../../components/status';
import { sortInbox, sortMine } from '../../../lib/conversation-lists';
import { filterByTag } from '../../../lib/tags';
import { trpc } from '../../../lib/trpc';
import { TagFilter } from '../../chat-tools';

const messages = defineMessages({
  inboxTitle: { id: 'inbox.title', defaultMessage: 'Inbox' },
  inboxDescription: {
    id: 'inbox.description',
    defaultMessage:
      'Every incoming chat of your channels that no agent has taken yet. Open one to accept it.',
  },
  inboxEmpty: { id: 'inbox.empty', defaultMessage: 'No chats waiting' },
  inboxEmptyText: {
    id: 'inbox.emptyText',
    defaultMessage:
      'New chats appear here the moment a visitor writes, and a card pops up at the bottom right.',
  },
  mineTitle: { id: 'myChats.title', defaultMessage: 'My chats' },
  mineDescription: {
    id: 'myChats.description',
    defaultMessage: 'The conversations you are in. The dot turns white when the visitor leaves the site.',
  },
  mineEmpty: { id: 'myChats.empty', defaultMessage: 'You are not in any chat' },
  mineEmptyText: { id: 'myChats.emptyText', defaultMessage: 'Accept a chat from the Inbox to start.' },
});

/** B1: open chats nobody took yet, live. */
export function InboxPage() {
  const intl = useIntl();
  const inbox = trpc.chats.inbox.useQuery();
  const [tagId, setTagId] = useState('');
  return (
    <Page title={messages.inboxTitle} description={<FormattedMessage {...messages.inboxDescription} />}>
      <TagFilter value={tagId} onChange={setTagId} />
      {inbox.isPending ? (
        <Loading />
      ) : inbox.isError ? (
        <ErrorState error={inbox.error} onRetry={() => inbox.refetch()} />
      ) : inbox.data.length === 0 ? (
        <EmptyState title={<FormattedMessage {...messages.inboxEmpty} />}>
          <FormattedMessage {...messages.inboxEmptyText} />
        </EmptyState>
      ) : (
        <ConversationList
          conversations={filterByTag(sortInbox(inbox.data), tagId)}
          label={intl.formatMessage(messages.inboxTitle)}
        />
      )}
    </Page>
  );
}

/** B2: the conversations I am in, live, with unread badges. */
export function MyChatsPage() {
  const intl = useIntl();
  const mine = trpc.chats.mine.useQuery();
  return (
    <Page title={messages.mineTitle} description={<FormattedMessage {...messages.mineDescription} />}>
      {mine.isPending ? (
        <Loading />
      ) : mine.isError ? (
        <ErrorState error={mine.error} onRetry={() => mine.refetch()} />
      ) : mine.data.length === 0 ? (
        <EmptyState title={<FormattedMessage {...messages.mineEmpty} />}>
          <FormattedMessage {...messages.mineEmptyText} />
        </EmptyState>
      ) : (
        <ConversationList
          conversations={sortMine(mine.data)}
          label={intl.formatMessage(messages.mineTitle)}
        />
      )}
    </Page>
  );
}

export { messages as chatListMessages };
