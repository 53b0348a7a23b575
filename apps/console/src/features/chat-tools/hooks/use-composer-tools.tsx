import { type KeyboardEvent, type RefObject, useCallback, useId, useMemo, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { useVisitorName } from '../../../lib/use-visitor-name';
import { cannedQuery, expandCanned, matchCanned, type TPlaceholderValues } from '../canned';
import { EmojiButton } from '../components/emoji-button';
import { listKeys, SuggestionList } from '../components/suggestion-list';
import { comboFromEvent } from '../shortcuts';
import { useCaretAfterRender } from './use-caret-after-render';
import { useTypingAssistant } from './use-typing-assistant';
import '../chat-tools.css';

const messages = defineMessages({
  canned: { id: 'tools.canned.list', defaultMessage: 'Canned responses' },
  ghost: defineMessage<{ text: string }>({
    id: 'tools.assistant.ghost',
    defaultMessage: 'Suggestion: …{text}',
  }),
  accept: { id: 'tools.assistant.accept', defaultMessage: '(Tab accepts)' },
});

/**
 * Everything the chat tools add to the composer (C9 canned `/shortcut`s and their hotkeys, C10 emoji,
 * C12 typing assistant), as props and nodes so composer.tsx only mounts them.
 */
export function useComposerTools({
  conversationId,
  text,
  setText,
  textarea,
}: {
  conversationId: string;
  text: string;
  setText: (value: string) => void;
  textarea: RefObject<HTMLTextAreaElement | null>;
}) {
  const intl = useIntl();
  const me = useMe();
  const id = useId();
  const utils = trpc.useUtils();
  const visitorName = useVisitorName();
  const canned = trpc.tools.canned.useQuery(undefined, { staleTime: 60_000 });
  const [caret, setCaret] = useState(text.length);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const assistant = useTypingAssistant(me.id, text);

  const query = cannedQuery(text, caret);
  const options = useMemo(
    () => (query && dismissedAt !== query.start ? matchCanned(canned.data ?? [], query.query) : []),
    [query, dismissedAt, canned.data],
  );
  const listId = `${id}-canned`;

  // What placeholders can say, from the chat on screen (team chats have no visitor).
  const values = useCallback((): TPlaceholderValues => {
    const chat = utils.chats.get.getData({ conversationId });
    return {
      'visitor.name': chat ? visitorName(chat.conversation.visitor) : '',
      'visitor.email': chat?.visitor.email ?? '',
      'visitor.phone': chat?.visitor.phone ?? '',
      'agent.name': me.name,
      'channel.name': chat?.conversation.channel.name ?? '',
    };
  }, [utils, conversationId, visitorName, me.name]);

  const placeCaret = useCaretAfterRender(textarea);
  const place = useCallback(
    (next: { text: string; caret: number }) => {
      setText(next.text);
      setCaret(next.caret);
      placeCaret(next.caret, { focus: true });
    },
    [setText, placeCaret],
  );

  const pick = (template: string) => {
    if (!query) return;
    place(expandCanned(text, caret, query.start, template, values()));
  };

  const insert = (value: string) => {
    const element = textarea.current;
    const start = element?.selectionStart ?? text.length;
    const end = element?.selectionEnd ?? text.length;
    place({ text: text.slice(0, start) + value + text.slice(end), caret: start + value.length });
  };

  /** Returns true when the key was ours (the composer then does nothing else with it). */
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (event.nativeEvent.isComposing) return false;
    const handled = listKeys(event.key, options.length, active, {
      move: setActive,
      pick: () => {
        const option = options[active];
        if (option) pick(option.text);
      },
      close: () => setDismissedAt(query?.start ?? null),
    });
    if (handled) {
      event.preventDefault();
      return true;
    }
    if (event.key === 'Tab' && !event.shiftKey && assistant.suggestion && caret === text.length) {
      event.preventDefault();
      place({ text: text + assistant.suggestion, caret: text.length + assistant.suggestion.length });
      return true;
    }
    // A canned response's own hotkey inserts it where the caret is.
    const combo = comboFromEvent(event.nativeEvent);
    const byHotkey = combo
      ? canned.data?.find((item) => item.hotkey?.toLowerCase() === combo.toLowerCase())
      : null;
    if (byHotkey) {
      event.preventDefault();
      insert(expandCanned('', 0, 0, byHotkey.text, values()).text);
      return true;
    }
    return false;
  };

  const textareaProps = {
    'aria-autocomplete': 'list' as const,
    'aria-controls': options.length > 0 ? listId : undefined,
    'aria-activedescendant': options.length > 0 ? `${listId}-${active}` : undefined,
    onSelect: (event: { currentTarget: HTMLTextAreaElement }) => setCaret(event.currentTarget.selectionStart),
    onInput: (event: { currentTarget: HTMLTextAreaElement }) => {
      setCaret(event.currentTarget.selectionStart);
      setActive(0);
    },
  };

  const popover =
    options.length > 0 ? (
      <div className="composer-popover">
        <SuggestionList
          id={listId}
          label={intl.formatMessage(messages.canned)}
          items={options}
          active={active}
          itemKey={(item) => item.id}
          render={(item) => (
            <>
              <span className="suggestion-shortcut">/{item.shortcut}</span>
              <span className="suggestion-text">{item.text.slice(0, 80)}</span>
            </>
          )}
          onPick={(item) => pick(item.text)}
        />
      </div>
    ) : null;

  const ghost =
    assistant.suggestion && options.length === 0 ? (
      <span className="ghost-text" role="status">
        {intl.formatMessage(messages.ghost, { text: assistant.suggestion })}{' '}
        <FormattedMessage {...messages.accept} />
      </span>
    ) : null;

  const toolbar = (
    <span className="composer-toolbar">
      <EmojiButton onPick={insert} />
    </span>
  );

  return { onKeyDown, textareaProps, popover, ghost, toolbar, onSent: assistant.remember };
}
