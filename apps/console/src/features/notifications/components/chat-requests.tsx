import { type FormEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import { FormError } from '../../../components/status';
import type { TChatMessage, TConversationSummary } from '../../../lib/chat-types';
import { readErrorShape } from '../../../lib/errors';
import { playSound } from '../../../lib/sounds';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { useVisitorName } from '../../../lib/use-visitor-name';
import { useLiveEvents } from '../../live';
import {
  addRequest,
  forgetLeftInbox,
  nextWakeAt,
  removeRequest,
  settleRequest,
  snoozeRequest,
  type TRequestCard,
  visibleRequests,
  wakeRequests,
} from '../chat-requests';
import { showOsNotification } from '../os-notification';
import { useSoundPreferences } from '../sound-store';

const messages = defineMessages({
  region: { id: 'requests.region', defaultMessage: 'Chat requests' },
  card: defineMessage<{ name: string }>({ id: 'requests.card', defaultMessage: 'Chat request from {name}' }),
  page: { id: 'requests.page', defaultMessage: 'Current page' },
  invitation: { id: 'requests.invitation', defaultMessage: 'Answered the invitation' },
  message: { id: 'requests.message', defaultMessage: 'Message' },
  chat: { id: 'requests.chat', defaultMessage: 'Chat' },
  quickReply: { id: 'requests.quickReply', defaultMessage: 'Quick reply' },
  later: { id: 'requests.later', defaultMessage: 'Later' },
  send: { id: 'requests.send', defaultMessage: 'Send' },
  cancel: { id: 'requests.cancel', defaultMessage: 'Cancel' },
  osTitle: defineMessage<{ name: string }>({
    id: 'requests.os.title',
    defaultMessage: 'Chat request from {name}',
  }),
});

type TRequest = { conversation: TConversationSummary; message: TChatMessage };

/**
 * B4: a card at the bottom right for every chat waiting for an agent (J3 notification type, J4 sound).
 * Chat = accept and open; Quick reply = accept and answer from the card; Later = hide it for now, and
 * remind me every 30 s while nobody has joined. Any agent accepting removes the card everywhere.
 */
export function ChatRequests() {
  const intl = useIntl();
  const me = useMe();
  const navigate = useNavigate();
  const visitorName = useVisitorName();
  const [sounds] = useSoundPreferences(me.id);
  const [cards, setCards] = useState<TRequestCard<TRequest>[]>([]);
  const [now, setNow] = useState(() => Date.now());
  const inbox = trpc.chats.inbox.useQuery();

  const settings = useRef({ type: me.notificationType, sounds, intl, visitorName, navigate });
  settings.current = { type: me.notificationType, sounds, intl, visitorName, navigate };

  const remind = useCallback((request: TRequest) => {
    const { type, sounds: soundPrefs, intl: format, visitorName: name, navigate: go } = settings.current;
    if (type === 'off') return;
    if (soundPrefs.enabled) playSound(soundPrefs.sound, soundPrefs.volume);
    if (type === 'os' && document.visibilityState === 'hidden') {
      showOsNotification(
        format.formatMessage(messages.osTitle, { name: name(request.conversation.visitor) }),
        request.message.body,
        request.conversation.id,
        () => go(`/chats/${request.conversation.id}`),
      );
    }
  }, []);

  useLiveEvents((event) => {
    if (event.type === 'chat.request') {
      const { conversation, message } = event;
      // Replayed after a reconnect, or taken already: nothing to ask any more.
      if (settings.current.type === 'off' || conversation.assignee !== null || conversation.status !== 'open')
        return;
      setCards((current) => addRequest(current, conversation.id, { conversation, message }, Date.now()));
      remind({ conversation, message });
    } else if (event.type === 'conversation') {
      setCards((current) => settleRequest(current, event.conversation));
    }
  });

  // The Inbox is the truth: cards show only for chats waiting there (so a card and the Inbox always
  // agree), and one whose chat left it for good (taken or closed while we were not listening) goes.
  const waiting = useMemo(
    () => (inbox.data ? new Set(inbox.data.map((conversation) => conversation.id)) : undefined),
    [inbox.data],
  );
  useEffect(() => {
    if (waiting) setCards((current) => forgetLeftInbox(current, waiting, Date.now()));
  }, [waiting]);

  // One timer for the next "Later" reminder that is due.
  const wakeAt = nextWakeAt(cards);
  useEffect(() => {
    if (wakeAt === null) return;
    const timer = setTimeout(
      () => {
        const at = Date.now();
        setNow(at);
        setCards((current) => {
          const { cards: next, woken } = wakeRequests(current, at);
          for (const id of woken) {
            const card = next.find((item) => item.conversationId === id);
            if (card) queueMicrotask(() => remind(card.data));
          }
          return next;
        });
      },
      Math.max(0, wakeAt - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [wakeAt, remind]);

  const visible = visibleRequests(cards, now, waiting);
  const latest = (conversation: TConversationSummary) =>
    inbox.data?.find((item) => item.id === conversation.id) ?? conversation;

  return (
    <section className="request-stack" aria-label={intl.formatMessage(messages.region)}>
      {visible.map((card) => (
        <RequestCard
          key={card.conversationId}
          conversation={latest(card.data.conversation)}
          message={card.data.message}
          onDone={() => setCards((current) => removeRequest(current, card.conversationId))}
          onLater={() => {
            const at = Date.now();
            setNow(at);
            setCards((current) => snoozeRequest(current, card.conversationId, at));
          }}
          onOpen={() => navigate(`/chats/${card.conversationId}`)}
        />
      ))}
    </section>
  );
}

function RequestCard({
  conversation,
  message,
  onDone,
  onLater,
  onOpen,
}: {
  conversation: TConversationSummary;
  message: TChatMessage;
  onDone: () => void;
  onLater: () => void;
  onOpen: () => void;
}) {
  const intl = useIntl();
  const visitorName = useVisitorName();
  const replyId = useId();
  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useState('');
  const [clientId, setClientId] = useState(() => crypto.randomUUID());
  const utils = trpc.useUtils();
  const taken = (error: unknown) => readErrorShape(error).appCode === 'chat.already_taken';
  const accept = trpc.chats.accept.useMutation({
    onSuccess: (summary) => {
      utils.chats.mine.setData(undefined, (list) =>
        list ? [...list.filter((item) => item.id !== summary.id), summary] : list,
      );
      onDone();
      onOpen();
    },
    onError: (error) => {
      if (taken(error)) onDone();
    },
  });
  const quickReply = trpc.chats.quickReply.useMutation({
    onSuccess: () => {
      setReply('');
      setClientId(crypto.randomUUID());
      void utils.chats.mine.invalidate();
      onDone();
    },
    onError: (error) => {
      if (taken(error)) onDone();
    },
  });
  const name = visitorName(conversation.visitor);
  const page = conversation.visitor.currentPage;

  function sendQuickReply(event: FormEvent) {
    event.preventDefault();
    const body = reply.trim();
    if (!body || quickReply.isPending) return;
    // Same clientId on a retry: the server never stores the answer twice.
    quickReply.mutate({ conversationId: conversation.id, clientId, body });
  }

  return (
    <article className="request-card" aria-label={intl.formatMessage(messages.card, { name })}>
      <h2 className="request-name">
        <bdi>{name}</bdi>
      </h2>
      <dl className="request-details">
        {page ? (
          <>
            <dt>
              <FormattedMessage {...messages.page} />
            </dt>
            <dd className="request-page" title={page.title || page.url}>
              <bdi>{page.url}</bdi>
            </dd>
          </>
        ) : null}
        {conversation.invitationText ? (
          <>
            <dt>
              <FormattedMessage {...messages.invitation} />
            </dt>
            <dd className="request-invitation">{conversation.invitationText}</dd>
          </>
        ) : null}
        <dt>
          <FormattedMessage {...messages.message} />
        </dt>
        <dd className="request-message">{message.body}</dd>
      </dl>
      {replying ? (
        <form className="request-reply" onSubmit={sendQuickReply}>
          <label htmlFor={replyId} className="visually-hidden">
            <FormattedMessage {...messages.quickReply} />
          </label>
          <textarea
            id={replyId}
            rows={2}
            maxLength={5000}
            value={reply}
            // biome-ignore lint/a11y/noAutofocus: the agent just asked to type a reply here
            autoFocus
            onChange={(event) => setReply(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing)
                sendQuickReply(event);
              if (event.key === 'Escape') setReplying(false);
            }}
          />
          <div className="request-actions">
            <button
              type="submit"
              className="button button-primary button-small"
              disabled={quickReply.isPending}
            >
              <FormattedMessage {...messages.send} />
            </button>
            <button type="button" className="button button-small" onClick={() => setReplying(false)}>
              <FormattedMessage {...messages.cancel} />
            </button>
          </div>
        </form>
      ) : null}
      <FormError error={accept.error ?? quickReply.error} />
      <div className="request-actions">
        <button
          type="button"
          className="button button-primary button-small"
          disabled={accept.isPending}
          onClick={() => accept.mutate({ conversationId: conversation.id })}
        >
          <FormattedMessage {...messages.chat} />
        </button>
        <button
          type="button"
          className="button button-small"
          aria-expanded={replying}
          onClick={() => setReplying((open) => !open)}
        >
          <FormattedMessage {...messages.quickReply} />
        </button>
        <button type="button" className="button button-small" onClick={onLater}>
          <FormattedMessage {...messages.later} />
        </button>
      </div>
    </article>
  );
}
