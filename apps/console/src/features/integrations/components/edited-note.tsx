import { defineMessages, FormattedMessage } from 'react-intl';

const messages = defineMessages({
  edited: { id: 'message.edited', defaultMessage: 'Edited' },
  original: { id: 'message.original', defaultMessage: 'Original message' },
});

/**
 * A contact edited this message on their channel (Telegram): the chat shows the new text, and the
 * text as it first arrived stays one click away, as agents may have answered that one.
 */
export function EditedNote({ edited }: { edited: { at: string; original: string | null } }) {
  if (!edited.original) {
    return (
      <p className="message-status message-edited">
        <FormattedMessage {...messages.edited} />
      </p>
    );
  }
  return (
    <details className="message-status message-edited">
      <summary>
        <FormattedMessage {...messages.edited} />
      </summary>
      <p>
        <span className="muted">
          <FormattedMessage {...messages.original} />:
        </span>{' '}
        <span className="message-original">{edited.original}</span>
      </p>
    </details>
  );
}
