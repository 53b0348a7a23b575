import { useRef, useState } from 'react';
import { defineMessage, useIntl } from 'react-intl';
import { trpc } from '../../../lib/trpc';
import { useVisitorName } from '../../../lib/use-visitor-name';
import { useLiveEvents } from '../../live';

const messages = {
  request: defineMessage<{ name: string; text: string }>({
    id: 'announce.request',
    defaultMessage: 'Chat request from {name}: {text}',
  }),
  message: defineMessage<{ name: string; text: string }>({
    id: 'announce.message',
    defaultMessage: 'New message from {name}: {text}',
  }),
};

/** Events replayed after a reconnect are older than this: they are not news any more. */
const FRESH_MS = 60_000;

/**
 * Accessibility (WCAG 4.1.3): new chat requests and visitors' new messages are read out by screen readers
 * through one polite live region, wherever the agent is and without moving their focus. The text is
 * replaced (not appended), so a reader says each once; an invisible character alternates so that the
 * same words twice in a row are still a change.
 */
export function LiveAnnouncer() {
  const intl = useIntl();
  const utils = trpc.useUtils();
  const visitorName = useVisitorName();
  const [text, setText] = useState('');
  const flip = useRef(false);

  const say = (words: string) => {
    flip.current = !flip.current;
    setText(flip.current ? words : `${words}\u200b`);
  };

  useLiveEvents((event) => {
    if (event.type === 'chat.request') {
      const { conversation, message } = event;
      if (conversation.assignee !== null || conversation.status !== 'open') return;
      if (Date.now() - Date.parse(message.createdAt) > FRESH_MS) return;
      say(
        intl.formatMessage(messages.request, {
          name: visitorName(conversation.visitor),
          text: message.body.slice(0, 200),
        }),
      );
    } else if (event.type === 'message') {
      const { message } = event;
      if (message.author !== 'visitor' || message.kind === 'note') return;
      if (Date.now() - Date.parse(message.createdAt) > FRESH_MS) return;
      const conversation = [
        ...(utils.chats.mine.getData() ?? []),
        ...(utils.chats.inbox.getData() ?? []),
      ].find((item) => item.id === message.conversationId);
      // A chat still waiting is announced by its request; others' chats are not the agent's news.
      if (!conversation || conversation.assignee === null) return;
      say(
        intl.formatMessage(messages.message, {
          name: visitorName(conversation.visitor),
          text: message.body.slice(0, 200),
        }),
      );
    }
  });

  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {text}
    </div>
  );
}
