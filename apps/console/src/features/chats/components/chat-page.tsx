import { defineMessages, useIntl } from 'react-intl';
import { useParams } from 'react-router';
import { ConversationList } from '../../../components/conversation-list';
import { EmptyState } from '../../../components/status';
import { sortInbox, sortMine } from '../../../lib/conversation-lists';
import { trpc } from '../../../lib/trpc';
import { ChatView } from './chat-view';

const messages = defineMessages({
  lists: { id: 'chat.lists', defaultMessage: 'Conversations' },
  mine: { id: 'chat.lists.mine', defaultMessage: 'My chats' },
  inbox: { id: 'chat.lists.inbox', defaultMessage: 'Inbox' },
  none: { id: 'chat.lists.none', defaultMessage: 'Nothing here' },
});

/** B6 layout: my chats and the Inbox on the left, the open chat in the middle, the visitor on the right. */
export function ChatPage() {
  const intl = useIntl();
  const { conversationId = '' } = useParams();
  const mine = trpc.chats.mine.useQuery();
  const inbox = trpc.chats.inbox.useQuery();
  const section = (title: string, list: typeof mine.data) => (
    <div className="chat-list-section">
      <h2 className="chat-list-heading">{title}</h2>
      {list && list.length > 0 ? (
        <ConversationList conversations={list} label={title} compact />
      ) : (
        <p className="muted chat-list-empty">{intl.formatMessage(messages.none)}</p>
      )}
    </div>
  );
  return (
    <div className="chat-layout">
      <nav className="chat-lists" aria-label={intl.formatMessage(messages.lists)}>
        {section(intl.formatMessage(messages.mine), mine.data && sortMine(mine.data))}
        {section(intl.formatMessage(messages.inbox), inbox.data && sortInbox(inbox.data))}
      </nav>
      {conversationId ? (
        <ChatView key={conversationId} conversationId={conversationId} />
      ) : (
        <EmptyState title={intl.formatMessage(messages.none)} />
      )}
    </div>
  );
}
