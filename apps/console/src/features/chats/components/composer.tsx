import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { browserStorage, clearDraft, loadDraft, MAX_DRAFT_LENGTH, saveDraft } from '../../../lib/drafts';
import { useComposerTools } from '../../chat-tools';
import { useAgentTyping } from '../hooks/use-agent-typing';

const messages = defineMessages({
  label: { id: 'composer.label', defaultMessage: 'Message' },
  placeholder: {
    id: 'composer.placeholder',
    defaultMessage: 'Type a message… Enter sends, Shift+Enter starts a new line.',
  },
  send: { id: 'composer.send', defaultMessage: 'Send' },
  remaining: defineMessage<{ count: number }>({
    id: 'composer.remaining',
    defaultMessage: '{count, plural, one {# character left} other {# characters left}}',
  }),
});

/**
 * B6 composer. Enter sends, Shift+Enter adds a line (and Enter while an IME is composing doesn't send).
 * The draft is kept per conversation in localStorage, so switching chats or reloading loses nothing.
 */
export function Composer({
  userId,
  conversationId,
  onSend,
  disabled = false,
  sendTyping = true,
}: {
  userId: string;
  conversationId: string;
  onSend: (body: string) => void;
  disabled?: boolean;
  /** Tell the visitor that I am typing (visitor chats only; team chats have no typing indicator). */
  sendTyping?: boolean;
}) {
  const intl = useIntl();
  const id = useId();
  const [text, setText] = useState(() => loadDraft(browserStorage(), userId, conversationId));
  const textarea = useRef<HTMLTextAreaElement>(null);
  const typing = useAgentTyping(conversationId, sendTyping && !disabled);
  const tools = useComposerTools({ conversationId, text, setText: change, textarea });

  // Keep the cursor in the composer when the agent switches chats.
  useEffect(() => {
    textarea.current?.focus({ preventScroll: true });
  }, []);

  function change(value: string) {
    setText(value);
    saveDraft(browserStorage(), userId, conversationId, value);
    typing.touch(value);
  }

  function send(event?: FormEvent) {
    event?.preventDefault();
    const body = text.trim();
    if (!body || disabled) return;
    onSend(body);
    tools.onSent(body);
    setText('');
    clearDraft(browserStorage(), userId, conversationId);
    typing.stop();
    textarea.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (tools.onKeyDown(event)) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  }

  const remaining = MAX_DRAFT_LENGTH - text.length;
  return (
    <form className="composer composer-tools" onSubmit={send} data-shortcut="composer">
      {tools.popover}
      <label htmlFor={id} className="visually-hidden">
        <FormattedMessage {...messages.label} />
      </label>
      <textarea
        id={id}
        ref={textarea}
        className="composer-input"
        rows={3}
        maxLength={MAX_DRAFT_LENGTH}
        placeholder={intl.formatMessage(messages.placeholder)}
        value={text}
        disabled={disabled}
        aria-describedby={remaining < 200 ? `${id}-remaining` : undefined}
        {...tools.textareaProps}
        onChange={(event) => change(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => typing.stop()}
      />
      <div className="composer-actions">
        {tools.toolbar}
        {tools.ghost}
        {remaining < 200 ? (
          <span id={`${id}-remaining`} className="muted composer-remaining">
            {intl.formatMessage(messages.remaining, { count: remaining })}
          </span>
        ) : null}
        <button type="submit" className="button button-primary" disabled={disabled || text.trim() === ''}>
          <FormattedMessage {...messages.send} />
        </button>
      </div>
    </form>
  );
}
