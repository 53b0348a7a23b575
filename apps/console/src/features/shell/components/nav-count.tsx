import { defineMessage, useIntl } from 'react-intl';
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
  visitors: defineMessage<{ count: number }>({
    id: 'nav.count.visitors',
    defaultMessage: '{count, plural, one {# visitor on the site} other {# visitors on the site}}',
  }),
};

/**
 * The counts beside Inbox (chats waiting), My chats (unread visitor messages) and Visitors (on the site
 * now). The queries are kept live by the console's subscription; screen readers hear the words.
 */
export function NavCount({ list }: { list: 'inbox' | 'mine' | 'visitors' }) {
  const intl = useIntl();
  const inbox = trpc.chats.inbox.useQuery(undefined, { enabled: list === 'inbox' });
  const mine = trpc.chats.mine.useQuery(undefined, { enabled: list === 'mine' });
  const visitors = trpc.visitors.online.useQuery(undefined, { enabled: list === 'visitors' });
  const count =
    list === 'inbox'
      ? (inbox.data?.length ?? 0)
      : list === 'mine'
        ? (mine.data?.reduce((sum, conversation) => sum + conversation.unread, 0) ?? 0)
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
