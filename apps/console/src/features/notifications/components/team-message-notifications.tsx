import { useEffect, useRef, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useLocation, useNavigate } from 'react-router';
import type { TChatMessage } from '../../../lib/chat-types';
import { playSound } from '../../../lib/sounds';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { useLiveEvents } from '../../live';
import { showOsNotification } from '../os-notification';
import { useSoundPreferences } from '../sound-store';

const messages = defineMessages({
  region: { id: 'teamNotify.region', defaultMessage: 'Team messages' },
  card: defineMessage<{ name: string }>({ id: 'teamNotify.card', defaultMessage: 'Message from {name}' }),
  inGroup: defineMessage<{ group: string }>({ id: 'teamNotify.inGroup', defaultMessage: 'in {group}' }),
  open: { id: 'teamNotify.open', defaultMessage: 'Open' },
  dismiss: { id: 'teamNotify.dismiss', defaultMessage: 'Dismiss' },
  osTitle: defineMessage<{ name: string }>({
    id: 'teamNotify.osTitle',
    defaultMessage: 'Message from {name}',
  }),
  teammate: { id: 'teamNotify.teammate', defaultMessage: 'A teammate' },
});

const SHOW_FOR_MS = 20_000;
const MAX_CARDS = 3;

type TNotice = { conversationId: string; message: TChatMessage; group: string | null; at: number };

/**
 * E1: a teammate's message in a chat I am not looking at → a small card (newest per chat), the J4 sound,
 * and an OS notification when the tab is hidden and the J3 type says so. "Off" silences all three.
 */
export function TeamMessageNotifications() {
  const intl = useIntl();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const utils = trpc.useUtils();
  const [sounds] = useSoundPreferences(me.id);
  const [notices, setNotices] = useState<TNotice[]>([]);

  const context = useRef({ me, sounds, path: location.pathname, intl, navigate, utils });
  context.current = { me, sounds, path: location.pathname, intl, navigate, utils };

  useLiveEvents((event) => {
    if (event.type !== 'team.message') return;
    const { me: user, sounds: soundPrefs, path, intl: format, navigate: go, utils: cache } = context.current;
    const { message } = event;
    if (message.agent?.id === user.id || user.notificationType === 'off') return;
    const conversationId = message.conversationId;
    const looking = path === `/team/chats/${conversationId}` && document.visibilityState === 'visible';
    if (looking) return;
    const chat = cache.team.chats.getData()?.find((item) => item.id === conversationId);
    const group = chat?.kind === 'group' ? (chat.title ?? null) : null;
    setNotices((current) =>
      [
        { conversationId, message, group, at: Date.now() },
        ...current.filter((item) => item.conversationId !== conversationId),
      ].slice(0, MAX_CARDS),
    );
    if (soundPrefs.enabled) playSound(soundPrefs.sound, soundPrefs.volume);
    if (user.notificationType === 'os' && document.visibilityState === 'hidden') {
      const name = message.agent?.name ?? format.formatMessage(messages.teammate);
      showOsNotification(format.formatMessage(messages.osTitle, { name }), message.body, conversationId, () =>
        go(`/team/chats/${conversationId}`),
      );
    }
  });

  // Opening the chat settles its card.
  useEffect(() => {
    const match = /^\/team\/chats\/([^/]+)$/.exec(location.pathname);
    if (!match) return;
    setNotices((current) => {
      const next = current.filter((item) => item.conversationId !== match[1]);
      return next.length === current.length ? current : next;
    });
  }, [location.pathname]);

  // Cards fade away on their own after a while; the unread badge stays.
  const oldest = notices.length > 0 ? Math.min(...notices.map((item) => item.at)) : null;
  useEffect(() => {
    if (oldest === null) return;
    const timer = setTimeout(
      () => setNotices((current) => current.filter((item) => Date.now() - item.at < SHOW_FOR_MS)),
      Math.max(0, oldest + SHOW_FOR_MS - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [oldest]);

  const dismiss = (conversationId: string) =>
    setNotices((current) => current.filter((item) => item.conversationId !== conversationId));

  return (
    <section className="team-notice-stack" aria-label={intl.formatMessage(messages.region)}>
      {notices.map((notice) => {
        const name = notice.message.agent?.name ?? intl.formatMessage(messages.teammate);
        return (
          <article
            key={notice.conversationId}
            className="team-notice"
            aria-label={intl.formatMessage(messages.card, { name })}
          >
            <p className="team-notice-from">
              <strong>{name}</strong>
              {notice.group ? (
                <span className="muted">
                  {' '}
                  {intl.formatMessage(messages.inGroup, { group: notice.group })}
                </span>
              ) : null}
            </p>
            <p className="team-notice-body">{notice.message.body}</p>
            <div className="request-actions">
              <button
                type="button"
                className="button button-primary button-small"
                onClick={() => {
                  dismiss(notice.conversationId);
                  navigate(`/team/chats/${notice.conversationId}`);
                }}
              >
                <FormattedMessage {...messages.open} />
              </button>
              <button
                type="button"
                className="button button-small"
                onClick={() => dismiss(notice.conversationId)}
              >
                <FormattedMessage {...messages.dismiss} />
              </button>
            </div>
          </article>
        );
      })}
    </section>
  );
}
