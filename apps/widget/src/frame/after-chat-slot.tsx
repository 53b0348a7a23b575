import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { AfterChatProps } from './after-chat';
import type { ChatSession, ChatState } from './session';

let loaded: Promise<ComponentType<AfterChatProps>> | null = null;

/**
 * G7: where the rating and transcript panel appears once a chat ended. The panel is its own chunk,
 * fetched only then, so the widget's first load does not grow.
 */
export function AfterChatSlot({
  s,
  locale,
  session,
}: {
  s: ChatState;
  locale: string;
  session: ChatSession;
}) {
  const [Panel, setPanel] = useState<ComponentType<AfterChatProps> | null>(null);
  const show = s.ended && s.endedConversationId !== null;
  useEffect(() => {
    if (!show || Panel) return;
    loaded ??= import('./after-chat').then((m) => m.AfterChat);
    let live = true;
    loaded
      .then((C) => live && setPanel(() => C))
      .catch(() => {
        loaded = null;
      });
    return () => {
      live = false;
    };
  }, [show, Panel]);
  if (!show || !Panel || !s.endedConversationId) return null;
  return (
    <Panel
      conversationId={s.endedConversationId}
      scale={s.config?.ratingScale ?? 'thumbs'}
      locale={locale}
      email={s.visitor?.email ?? null}
      transcriptAvailable={s.transcriptAvailable}
      socket={session.socket()}
    />
  );
}
