import { useEffect, useLayoutEffect, useRef } from 'react';
import { defineMessage, defineMessages, FormattedMessage, type PrimitiveType, useIntl } from 'react-intl';
import { hasTextBesidesMedia, isSeenByVisitor, type TTranscriptItem } from '../../../lib/chat-messages';
import type { TChatMessage } from '../../../lib/chat-types';
import { NoteItem } from '../../chat-tools';
import { MessageMedia } from '../../files';
import { DeliveryStatus, EditedNote } from '../../integrations';
import { MessageBody } from '../../translator';

const messages = defineMessages({
  log: { id: 'chat.transcript', defaultMessage: 'Messages' },
  invitation: { id: 'chat.invitation', defaultMessage: 'Automatic invitation' },
  joined: defineMessage<{ name: PrimitiveType }>({
    id: 'chat.system.joined',
    defaultMessage: '{name} joined the chat',
  }),
  left: defineMessage<{ name: PrimitiveType }>({
    id: 'chat.system.left',
    defaultMessage: '{name} left the chat',
  }),
  closed: { id: 'chat.system.closed', defaultMessage: 'The chat was closed' },
  started: { id: 'chat.system.started', defaultMessage: 'The chat started' },
  startedBy: defineMessage<{ name: PrimitiveType }>({
    id: 'chat.system.startedBy',
    defaultMessage: '{name} started the chat',
  }),
  sending: { id: 'chat.status.sending', defaultMessage: 'Sending…' },
  failed: { id: 'chat.status.failed', defaultMessage: 'Not sent' },
  retry: { id: 'chat.status.retry', defaultMessage: 'Retry' },
  discard: { id: 'chat.status.discard', defaultMessage: 'Discard' },
  seen: { id: 'chat.status.seen', defaultMessage: 'Seen' },
  loadEarlier: { id: 'chat.loadEarlier', defaultMessage: 'Load earlier messages' },
  system: { id: 'chat.system', defaultMessage: 'System' },
  transferred: defineMessage<{ name: PrimitiveType }>({
    id: 'chat.system.transferred',
    defaultMessage: '{name} will continue this chat',
  }),
  callAnswered: defineMessage<{ name: PrimitiveType; time: string }>({
    id: 'chat.system.call.answered',
    defaultMessage: 'Call with {name}, {time}',
  }),
  callMissed: { id: 'chat.system.call.missed', defaultMessage: 'Missed call' },
  callDeclined: { id: 'chat.system.call.declined', defaultMessage: 'Declined call' },
  callFailed: { id: 'chat.system.call.failed', defaultMessage: 'Call failed' },
  bot: { id: 'chat.bot', defaultMessage: 'Bot' },
});

/** H1: a call's record line: outcome, and for an answered call who took it and how long it lasted. */
function CallText({ message }: { message: TChatMessage }) {
  const call = message.system?.call;
  if (!call) return <bdi>{message.body}</bdi>;
  if (call.outcome === 'missed') return <FormattedMessage {...messages.callMissed} />;
  if (call.outcome === 'declined') return <FormattedMessage {...messages.callDeclined} />;
  if (call.outcome === 'failed') return <FormattedMessage {...messages.callFailed} />;
  const s = call.durationSec ?? 0;
  const time = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return (
    <FormattedMessage
      {...messages.callAnswered}
      values={{ name: <bdi>{message.system?.name ?? ''}</bdi>, time }}
    />
  );
}

/** User text (names, bodies) inside a sentence is bidi-isolated: a right-to-left name cannot reorder the rest. */
function SystemText({ message }: { message: TChatMessage }) {
  const name = <bdi>{message.system?.name ?? ''}</bdi>;
  switch (message.system?.event) {
    case 'joined':
      return <FormattedMessage {...messages.joined} values={{ name }} />;
    case 'left':
      return <FormattedMessage {...messages.left} values={{ name }} />;
    case 'closed':
      return <FormattedMessage {...messages.closed} />;
    case 'call':
      return <CallText message={message} />;
    case 'transferred':
      return <FormattedMessage {...messages.transferred} values={{ name }} />;
    case 'started':
      return message.system?.name ? (
        <FormattedMessage {...messages.startedBy} values={{ name }} />
      ) : (
        <FormattedMessage {...messages.started} />
      );
    default:
      return <bdi>{message.body}</bdi>;
  }
}

function Time({ value }: { value: string }) {
  const intl = useIntl();
  const date = new Date(value);
  return (
    <time dateTime={value} title={intl.formatDate(date, { dateStyle: 'medium', timeStyle: 'medium' })}>
      {intl.formatTime(date, { hour: '2-digit', minute: '2-digit' })}
    </time>
  );
}

/**
 * B6 transcript: author names and times, system events, the invitation the visitor answered, our pending
 * messages ("Sending…", "Not sent — Retry") and a "Seen" receipt under the last agent message the visitor
 * read. A `log` region, so screen readers announce new messages.
 */
export function Transcript({
  items,
  visitorName,
  invitationText,
  visitorReadAt,
  myName,
  hasMore,
  loadingEarlier,
  onLoadEarlier,
  onRetry,
  onDiscard,
  ownId,
}: {
  items: TTranscriptItem<TChatMessage>[];
  visitorName: string;
  invitationText: string | null;
  visitorReadAt: string | null;
  myName: string;
  hasMore: boolean;
  loadingEarlier: boolean;
  onLoadEarlier: () => void;
  onRetry?: (clientId: string) => void;
  onDiscard?: (clientId: string) => void;
  /**
   * Team chats (E1/E2), where everyone is an agent: my messages are drawn on the agent side and my
   * teammates' on the other. Without it, visitor and agent messages take their usual sides.
   */
  ownId?: string;
}) {
  const intl = useIntl();
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const firstId = items[0]?.kind === 'message' ? items[0].message.id : undefined;
  const previousFirst = useRef(firstId);
  const previousHeight = useRef(0);

  // Stay at the bottom while the agent is there; keep the position when older messages load above.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (firstId !== previousFirst.current && previousHeight.current > 0 && !stickToBottom.current) {
      element.scrollTop += element.scrollHeight - previousHeight.current;
    } else if (stickToBottom.current) {
      element.scrollTop = element.scrollHeight;
    }
    previousFirst.current = firstId;
    previousHeight.current = element.scrollHeight;
  });
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onScroll = () => {
      stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 60;
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => element.removeEventListener('scroll', onScroll);
  }, []);

  // The receipt goes under the newest agent message the visitor has seen.
  let seenId: string | null = null;
  for (const item of items) {
    if (
      item.kind === 'message' &&
      item.message.author === 'agent' &&
      isSeenByVisitor(item.message, visitorReadAt)
    ) {
      seenId = item.message.id;
    }
  }

  return (
    <div className="transcript-scroller" ref={scroller}>
      {hasMore ? (
        <div className="transcript-more">
          <button
            type="button"
            className="button button-small"
            disabled={loadingEarlier}
            onClick={onLoadEarlier}
          >
            <FormattedMessage {...messages.loadEarlier} />
          </button>
        </div>
      ) : null}
      <div role="log" aria-label={intl.formatMessage(messages.log)}>
        <ol className="transcript">
          {invitationText && !hasMore ? (
            <li className="message message-invitation">
              <span className="message-author">
                <FormattedMessage {...messages.invitation} />
              </span>
              <p className="message-body">{invitationText}</p>
            </li>
          ) : null}
          {items.map((item) => {
            if (item.kind === 'pending') {
              const { pending } = item;
              return (
                <li key={pending.clientId} className={`message message-agent is-${pending.status}`}>
                  <div className="message-meta">
                    <bdi className="message-author">{myName}</bdi> <Time value={pending.createdAt} />
                  </div>
                  <p className="message-body">{pending.body}</p>
                  <p className="message-status">
                    {pending.status === 'sending' ? (
                      <FormattedMessage {...messages.sending} />
                    ) : (
                      <>
                        <span className="message-failed">
                          <FormattedMessage {...messages.failed} />
                        </span>{' '}
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => onRetry?.(pending.clientId)}
                        >
                          <FormattedMessage {...messages.retry} />
                        </button>{' '}
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => onDiscard?.(pending.clientId)}
                        >
                          <FormattedMessage {...messages.discard} />
                        </button>
                      </>
                    )}
                  </p>
                </li>
              );
            }
            const { message } = item;
            if (message.kind === 'system' || message.author === 'system') {
              return (
                <li key={message.id} className="message message-system">
                  <span className="visually-hidden">
                    <FormattedMessage {...messages.system} />:{' '}
                  </span>
                  <SystemText message={message} /> · <Time value={message.createdAt} />
                </li>
              );
            }
            if (message.kind === 'note') return <NoteItem key={message.id} message={message} />;
            // Another address of an email thread (a colleague in Cc) is named as itself.
            const visitorAuthor = message.sender
              ? (message.sender.name ?? message.sender.address)
              : visitorName;
            // J7: an integration's bot (REST API) writes on the agents' side, by no agent: its own name.
            const author =
              message.author === 'visitor'
                ? visitorAuthor
                : (message.bot?.name ?? message.agent?.name ?? myName);
            const side =
              ownId === undefined ? message.author : message.agent?.id === ownId ? 'agent' : 'visitor';
            return (
              <li key={message.id} className={`message message-${side}`}>
                <div className="message-meta">
                  <bdi className="message-author">{author}</bdi>
                  {message.bot ? (
                    <span className="message-bot-badge">
                      <FormattedMessage {...messages.bot} />
                    </span>
                  ) : null}{' '}
                  <Time value={message.createdAt} />
                </div>
                {message.kind === 'file' || message.kind === 'gif' ? (
                  <MessageMedia message={message} />
                ) : null}
                {hasTextBesidesMedia(message) ? <MessageBody message={message} /> : null}
                {message.edited ? <EditedNote edited={message.edited} /> : null}
                <DeliveryStatus message={message} />
                {message.id === seenId ? (
                  <p className="message-status message-seen">
                    <FormattedMessage {...messages.seen} />
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}
