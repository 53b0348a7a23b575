import { defineMessage, defineMessages, FormattedMessage, type PrimitiveType } from 'react-intl';
import { NavLink } from 'react-router';
import type { TConversationSummary } from '../lib/chat-types';
import { previewAuthor } from '../lib/conversation-lists';
import { useMe } from '../lib/use-me';
import { useVisitorName } from '../lib/use-visitor-name';
import { RelativeTime } from './relative-time';
import { UnreadBadge } from './unread-badge';
import { VisitorDot } from './visitor-dot';

const messages = defineMessages({
  you: { id: 'chats.list.you', defaultMessage: 'You:' },
  teammate: defineMessage<{ name: PrimitiveType }>({ id: 'chats.list.teammate', defaultMessage: '{name}:' }),
  offline: { id: 'chats.list.offlineMessage', defaultMessage: 'Offline message' },
  noMessages: { id: 'chats.list.noMessages', defaultMessage: 'No messages yet' },
  closed: { id: 'chats.list.closed', defaultMessage: 'Closed' },
});

/** One line per conversation: visitor (with the on-site dot), channel, last message, time, unread count. */
export function ConversationList({
  conversations,
  label,
  hrefOf = (conversation) => `/chats/${conversation.id}`,
  compact = false,
}: {
  conversations: TConversationSummary[];
  label: string;
  hrefOf?: (conversation: TConversationSummary) => string;
  compact?: boolean;
}) {
  const visitorName = useVisitorName();
  const me = useMe();
  return (
    <ul className={`conversation-list ${compact ? 'is-compact' : ''}`} aria-label={label}>
      {conversations.map((conversation) => {
        const name = visitorName(conversation.visitor);
        const last = conversation.lastMessage;
        const by = last ? previewAuthor(last, me.id) : null;
        return (
          <li key={conversation.id}>
            <NavLink to={hrefOf(conversation)} className="conversation-item">
              <span className="conversation-dot">
                <VisitorDot online={conversation.visitor.online} />
              </span>
              <span className="conversation-main">
                <span className="conversation-top">
                  <bdi className="conversation-name">{name}</bdi>
                  <span className="conversation-time">
                    <RelativeTime value={conversation.lastMessageAt} />
                  </span>
                </span>
                {conversation.subject ? (
                  <span className="conversation-subject">{conversation.subject}</span>
                ) : null}
                <span className="conversation-preview">
                  {conversation.offline ? (
                    <span className="badge badge-warning">
                      <FormattedMessage {...messages.offline} />
                    </span>
                  ) : null}
                  {conversation.status === 'closed' ? (
                    <span className="badge badge-muted">
                      <FormattedMessage {...messages.closed} />
                    </span>
                  ) : null}{' '}
                  {last ? (
                    <>
                      {by ? (
                        <span className="muted">
                          {'you' in by ? (
                            <FormattedMessage {...messages.you} />
                          ) : (
                            <FormattedMessage
                              {...messages.teammate}
                              values={{ name: <bdi>{by.name}</bdi> }}
                            />
                          )}{' '}
                        </span>
                      ) : null}
                      <bdi>{last.body}</bdi>
                    </>
                  ) : (
                    <span className="muted">
                      <FormattedMessage {...messages.noMessages} />
                    </span>
                  )}
                </span>
                {compact ? null : <bdi className="conversation-channel">{conversation.channel.name}</bdi>}
              </span>
              <UnreadBadge count={conversation.unread} />
            </NavLink>
          </li>
        );
      })}
    </ul>
  );
}
