import { defineMessage, useIntl } from 'react-intl';
import { totalTeamUnread } from '../../../lib/team-chats';
import { trpc } from '../../../lib/trpc';

const messages = {
  inbox: defineMessage<{ count: number }>({
    id: 'nav.count.inbox',
    defaultMessage: '{count, plural, one {# waiting chat} other {# waiting chats}}',
  }),
  mine: defineMessage<{ count: number }>({
    id: 'nav.count.mine',
    defaultMessage: '{count, plural, one {# unread message} other {# unread messages}}',
  }),
  team: defineMessage<{ count: number }>({
    id: 'nav.count.team',
    defaultMessage: '{count, plural, one {# unread team message} other {# unread team messages}}',
  }),
  visitors: defineMessage<{ count: number }>({
    id: 'nav.count.visitors',
    defaultMessage: '{count, plural, one {# visitor on the site} other {# visitors on the site}}',
  }),
};

/**
 * The counts beside Inbox (chats waiting), My chats (unread visitor messages), Visitors (on the site
 * now) and Team chats (unread messages from teammates). The queries are kept live by the console's
 * subscription; screen readers hear the words.
 */
export function NavCount({ list }: { list: 'inbox' | 'mine' | 'visitors' | 'team' }) {
  const intl = useIntl();
  const inbox = trpc.chats.inbox.useQuery(undefined, { enabled: list === 'inbox' });
  const mine = trpc.chats.mine.useQuery(undefined, { enabled: list === 'mine' });
  const visitors = trpc.visitors.online.useQuery(undefined, { enabled: list === 'visitors' });
  const team = trpc.team.chats.useQuery(undefined, { enabled: list === 'team' });
  const count =
    list === 'inbox'
      ? (inbox.data?.length ?? 0)
      : list === 'mine'
        ? (mine.data?.reduce((sum, conversation) => sum + conversation.unread, 0) ?? 0)
        : list === 'team'
          ? totalTeamUnread(team.data)
          : (visitors.data?.filter((visitor) => visitor.online).length ?? 0);
  if (count === 0) return null;
  return (
    <>
      <span className={`nav-count nav-count-${list}`} aria-hidden="true">
        {count > 99 ? '99+' : count}
      </span>
      <span className="visually-hidden"> ({intl.formatMessage(messages[list], { count })})</span>
    </>
  );
}
