import { defineMessage, defineMessages, FormattedMessage, type PrimitiveType } from 'react-intl';
import { RelativeTime } from '../../../components/relative-time';
import type { TVisitorDetail } from '../../../lib/chat-types';

const messages = defineMessages({
  banned: defineMessage<{ name: PrimitiveType; time: PrimitiveType; reason: PrimitiveType }>({
    id: 'tools.ban.notice',
    defaultMessage: 'Banned by {name} {time}: {reason}',
  }),
  bannedNoName: defineMessage<{ time: PrimitiveType; reason: PrimitiveType }>({
    id: 'tools.ban.noticeNoName',
    defaultMessage: 'Banned {time}: {reason}',
  }),
  ends: defineMessage<{ time: PrimitiveType }>({
    id: 'tools.ban.noticeEnds',
    defaultMessage: 'Ends {time}.',
  }),
  refused: {
    id: 'tools.ban.noticeRefused',
    defaultMessage: 'Their widget says chat is unavailable and refuses their messages.',
  },
});

/**
 * C4: the banned state under the transcript, as a system line, so whoever opens the chat sees why
 * the visitor went quiet. It follows the visitor record (`visitor.changed` events), so every agent
 * with the chat open sees the ban and its lifting at once.
 */
export function BanNotice({ ban }: { ban: NonNullable<TVisitorDetail['ban']> }) {
  const time = <RelativeTime value={ban.createdAt} />;
  const reason = <bdi>{ban.reason}</bdi>;
  return (
    <p className="message-system chat-banned" role="status">
      {ban.createdBy ? (
        <FormattedMessage {...messages.banned} values={{ name: <bdi>{ban.createdBy}</bdi>, time, reason }} />
      ) : (
        <FormattedMessage {...messages.bannedNoName} values={{ time, reason }} />
      )}{' '}
      {ban.expiresAt ? (
        <>
          <FormattedMessage
            {...messages.ends}
            values={{ time: <RelativeTime value={ban.expiresAt} /> }}
          />{' '}
        </>
      ) : null}
      <FormattedMessage {...messages.refused} />
    </p>
  );
}
