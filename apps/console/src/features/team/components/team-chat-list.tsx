import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { NavLink } from 'react-router';
import { Avatar } from '../../../components/avatar';
import { RelativeTime } from '../../../components/relative-time';
import { UnreadBadge } from '../../../components/unread-badge';
import type { TTeamChat } from '../../../lib/chat-types';
import { sortTeamChats, teamChatName } from '../../../lib/team-chats';
import { useMe } from '../../../lib/use-me';
import { PresenceDot } from './presence-dot';

export const teamChatMessages = defineMessages({
  group: { id: 'teamChats.group', defaultMessage: 'Group' },
  formerTeammate: { id: 'teamChats.formerTeammate', defaultMessage: 'Former teammate' },
  untitledGroup: { id: 'teamChats.untitledGroup', defaultMessage: 'Untitled group' },
  you: { id: 'teamChats.you', defaultMessage: 'You:' },
  noMessages: { id: 'teamChats.noMessages', defaultMessage: 'No messages yet' },
  members: defineMessage<{ count: number }>({
    id: 'teamChats.members',
    defaultMessage: '{count, plural, one {# member} other {# members}}',
  }),
});

const m = teamChatMessages;

/** The name of a team chat for me: the other person of a direct chat, the title of a group. */
export function useTeamChatName() {
  const intl = useIntl();
  const me = useMe();
  return (chat: Pick<TTeamChat, 'kind' | 'title' | 'members'>) =>
    teamChatName(chat, me.id, intl.formatMessage(chat.kind === 'group' ? m.untitledGroup : m.formerTeammate));
}

/** E1/E2: my direct chats and groups, latest activity first, with unread badges. */
export function TeamChatList({ chats, label }: { chats: TTeamChat[]; label: string }) {
  const intl = useIntl();
  const me = useMe();
  const nameOf = useTeamChatName();
  return (
    <ul className="conversation-list is-compact" aria-label={label}>
      {sortTeamChats(chats).map((chat) => {
        const name = nameOf(chat);
        const other = chat.kind === 'direct' ? chat.members.find((member) => member.id !== me.id) : undefined;
        const last = chat.lastMessage;
        return (
          <li key={chat.id}>
            <NavLink to={`/team/chats/${chat.id}`} className="conversation-item">
              <span className="conversation-dot team-chat-avatar">
                {other ? (
                  <>
                    <Avatar name={other.name} url={other.avatarUrl} size={28} />
                    <PresenceDot presence={other.presence} />
                  </>
                ) : (
                  <span className="group-mark" aria-hidden="true">
                    #
                  </span>
                )}
              </span>
              <span className="conversation-main">
                <span className="conversation-top">
                  <span className="conversation-name">
                    <bdi>{name}</bdi>
                    {chat.kind === 'group' ? (
                      <span className="visually-hidden"> ({intl.formatMessage(m.group)})</span>
                    ) : null}
                  </span>
                  <span className="conversation-time">
                    <RelativeTime value={chat.lastMessageAt} />
                  </span>
                </span>
                <span className="conversation-preview">
                  {last ? (
                    <>
                      {last.authorName === me.name ? (
                        <span className="muted">{intl.formatMessage(m.you)} </span>
                      ) : chat.kind === 'group' && last.authorName ? (
                        <span className="muted">
                          <bdi>{last.authorName}</bdi>:{' '}
                        </span>
                      ) : null}
                      <bdi>{last.body}</bdi>
                    </>
                  ) : (
                    <span className="muted">
                      <FormattedMessage {...m.noMessages} />
                    </span>
                  )}
                </span>
              </span>
              <UnreadBadge count={chat.unread} />
            </NavLink>
          </li>
        );
      })}
    </ul>
  );
}
