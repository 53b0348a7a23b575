import { defineMessage, useIntl } from 'react-intl';

const unreadLabel = defineMessage<{ count: number }>({
  id: 'unreadBadge.label',
  defaultMessage: '{count, plural, one {# unread message} other {# unread messages}}',
});

/** The count of unread messages beside a chat in a list; screen readers hear it as words. */
export function UnreadBadge({ count }: { count: number }) {
  const intl = useIntl();
  if (count <= 0) return null;
  return (
    <span className="unread-badge">
      <span aria-hidden="true">{count}</span>
      <span className="visually-hidden">{intl.formatMessage(unreadLabel, { count })}</span>
    </span>
  );
}
