import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { TChatMessage } from '../../../lib/chat-types';
import '../chat-tools.css';

const messages = defineMessages({
  note: { id: 'tools.note.label', defaultMessage: 'Private note' },
  hidden: { id: 'tools.note.hidden', defaultMessage: 'Only agents see this' },
});

/** C13: a private note in the transcript; styled apart and labelled so nobody mistakes it for a reply. */
export function NoteItem({ message }: { message: TChatMessage }) {
  const intl = useIntl();
  const date = new Date(message.createdAt);
  return (
    <li className="message message-note" title={intl.formatMessage(messages.hidden)}>
      <div className="message-meta">
        <span className="note-label">
          <FormattedMessage {...messages.note} />
        </span>{' '}
        <bdi className="message-author">{message.agent?.name}</bdi>{' '}
        <time dateTime={message.createdAt}>
          {intl.formatTime(date, { hour: '2-digit', minute: '2-digit' })}
        </time>
      </div>
      <p className="message-body">{message.body}</p>
    </li>
  );
}
