import { useEffect, useRef, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import type { TLiveEvent } from '../../../lib/chat-types';
import { playSound } from '../../../lib/sounds';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { useLiveEvents } from '../../live';
import { showOsNotification, useSoundPreferences } from '../../notifications';
import '../chat-tools.css';

const messages = defineMessages({
  region: { id: 'tools.notify.region', defaultMessage: 'Reminders and mentions' },
  reminder: { id: 'tools.notify.reminder', defaultMessage: 'Reminder' },
  mention: defineMessage<{ name: string }>({
    id: 'tools.notify.mention',
    defaultMessage: '{name} mentioned you',
  }),
  transferred: defineMessage<{ name: string }>({
    id: 'tools.notify.transferred',
    defaultMessage: '{name} transferred a chat to you',
  }),
  invited: defineMessage<{ name: string }>({
    id: 'tools.notify.invited',
    defaultMessage: '{name} invited you to a chat',
  }),
  open: { id: 'tools.notify.open', defaultMessage: 'Open chat' },
  done: { id: 'tools.notify.done', defaultMessage: 'Mark done' },
  dismiss: { id: 'tools.notify.dismiss', defaultMessage: 'Dismiss' },
});

type TToast = {
  key: string;
  title: string;
  body: string | null;
  conversationId: string | null;
  reminderId: string | null;
};

const MAX_TOASTS = 4;

/**
 * C1, C2, C3, C13: a reminder that fires, an @mention, a chat transferred or an invitation to me →
 * an in-app card (it stays until dismissed: these are tasks, not chatter), the J4 sound, and an OS
 * notification when the agent chose OS notifications. "Off" silences sound and OS, never the card.
 */
export function ToolNotifications() {
  const intl = useIntl();
  const me = useMe();
  const navigate = useNavigate();
  const [sounds] = useSoundPreferences(me.id);
  const [toasts, setToasts] = useState<TToast[]>([]);
  const complete = trpc.tools.completeReminder.useMutation();
  const utils = trpc.useUtils();
  const context = useRef({ me, sounds, intl, navigate });
  context.current = { me, sounds, intl, navigate };

  useLiveEvents((event: TLiveEvent) => {
    const { me: user, sounds: prefs, intl: format, navigate: go } = context.current;
    let toast: TToast | null = null;
    if (event.type === 'reminder') {
      if (event.reminder.assigneeId !== user.id) return;
      toast = {
        key: `reminder:${event.reminder.id}`,
        title: format.formatMessage(messages.reminder),
        body: event.reminder.text,
        conversationId: event.reminder.conversationId,
        reminderId: event.reminder.id,
      };
    } else if (event.type === 'mention') {
      toast = {
        key: `mention:${event.message.id}`,
        title: format.formatMessage(messages.mention, { name: event.message.agent?.name ?? '' }),
        body: event.message.body,
        conversationId: event.conversationId,
        reminderId: null,
      };
    } else if (event.type === 'chat.transferred') {
      toast = {
        key: `transfer:${event.conversation.id}:${Date.now()}`,
        title: format.formatMessage(messages.transferred, { name: event.from.name }),
        body: event.comment,
        conversationId: event.conversation.id,
        reminderId: null,
      };
    } else if (event.type === 'chat.invited') {
      toast = {
        key: `invite:${event.conversation.id}:${Date.now()}`,
        title: format.formatMessage(messages.invited, { name: event.by.name }),
        body: null,
        conversationId: event.conversation.id,
        reminderId: null,
      };
    }
    if (!toast) return;
    const next = toast;
    setToasts((current) => [next, ...current.filter((item) => item.key !== next.key)].slice(0, MAX_TOASTS));
    if (user.notificationType === 'off') return;
    if (prefs.enabled) playSound(prefs.sound, prefs.volume);
    if (user.notificationType === 'os') {
      showOsNotification(next.title, next.body ?? '', next.key, () => {
        if (next.conversationId) go(`/chats/${next.conversationId}`);
      });
    }
  });

  // A fired reminder is also due in the list.
  useEffect(() => {
    if (toasts.some((toast) => toast.reminderId)) void utils.tools.reminders.invalidate();
  }, [toasts, utils]);

  const dismiss = (key: string) => setToasts((current) => current.filter((item) => item.key !== key));

  return (
    <section className="tool-toast-stack" aria-label={intl.formatMessage(messages.region)}>
      {toasts.map((toast) => (
        <article key={toast.key} className="tool-toast" aria-label={toast.title} role="alert">
          <p>
            <strong>{toast.title}</strong>
          </p>
          {toast.body ? <p>{toast.body}</p> : null}
          <div className="request-actions">
            {toast.conversationId ? (
              <button
                type="button"
                className="button button-primary button-small"
                onClick={() => {
                  dismiss(toast.key);
                  navigate(`/chats/${toast.conversationId}`);
                }}
              >
                <FormattedMessage {...messages.open} />
              </button>
            ) : null}
            {toast.reminderId ? (
              <button
                type="button"
                className="button button-small"
                onClick={() => {
                  const id = toast.reminderId;
                  dismiss(toast.key);
                  if (id)
                    complete.mutate(
                      { id, done: true },
                      { onSuccess: () => utils.tools.reminders.invalidate() },
                    );
                }}
              >
                <FormattedMessage {...messages.done} />
              </button>
            ) : null}
            <button type="button" className="button button-small" onClick={() => dismiss(toast.key)}>
              <FormattedMessage {...messages.dismiss} />
            </button>
          </div>
        </article>
      ))}
    </section>
  );
}
