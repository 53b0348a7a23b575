import { useEffect, useRef, useState } from 'preact/hooks';
import { inkOnWhite, textOn } from '../lib/contrast';
import type { Translate } from '../lib/i18n';
import { needsPreChat } from '../lib/pre-chat';
import { Chat, type ScreenProps } from './chat';
import { Header } from './header';
import { OfflineForm } from './offline-form';
import { PreChatForm } from './pre-chat-form';
import { Sentence } from './sentence';
import type { ChatSession, ChatState } from './session';

export interface AppProps {
  session: ChatSession;
  t: Translate;
  locale: string;
}

function useSessionState(session: ChatSession): ChatState {
  const [state, setState] = useState(session.state);
  useEffect(() => {
    setState(session.state);
    return session.subscribe(() => setState(session.state));
  }, [session]);
  return state;
}

export function App({ session, t, locale }: AppProps) {
  const s = useSessionState(session);
  const title = s.config?.title || t('title');
  const color = s.config?.color && /^#[0-9a-f]{3,8}$/i.test(s.config.color) ? s.config.color : '#2563eb';
  const root = useRef<HTMLDivElement>(null);

  // When the visitor opens the chat, put the cursor where they will type (again once the content
  // behind a loading screen or the pre-chat form appears).
  const wantsFocus = s.open && s.focusTick > 0;
  useEffect(() => {
    if (wantsFocus) root.current?.querySelector<HTMLElement>('textarea, input, button.primary')?.focus();
  }, [wantsFocus, s.focusTick, s.phase, s.preChatDone]);

  return (
    <div
      class="app"
      ref={root}
      role="dialog"
      aria-label={title}
      style={{ '--c': color, '--on-c': textOn(color), '--c-ink': inkOnWhite(color) }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          session.requestClose();
        }
      }}
    >
      <Header
        s={s}
        t={t}
        title={title}
        onClose={() => session.requestClose()}
        onCall={() => void session.startCall()}
      />
      {session.call && (s.call || s.callNotice) && (
        <session.call.ui s={s} controller={session.call.controller} locale={locale} />
      )}
      <Body s={s} t={t} locale={locale} session={session} />
    </div>
  );
}

function Body({ s, t, locale, session }: ScreenProps) {
  if (s.phase === 'loading') return <div class="center">{t('loading')}</div>;
  if (s.phase === 'error') return <div class="center">{t('loadFailed')}</div>;
  if (s.banned) return <div class="center">{t('banned')}</div>;
  // The offline message went into a conversation of its own; until an agent answers, say it arrived.
  if (s.offlineSent && !s.messages.some((m) => m.author === 'agent'))
    return (
      <div class="center" role="status">
        <Sentence t={t} k="offlineThanks" params={{ email: s.offlineSent }} />
      </div>
    );
  const cfg = s.config;
  const v = s.visitor;
  if (cfg && v && !s.conversation && s.messages.length === 0 && s.pending.length === 0) {
    if (!s.agentsOnline && cfg.offlineForm.enabled) {
      return <OfflineForm t={t} session={session} visitor={v} />;
    }
    if (needsPreChat(cfg.preChatForm, v, s.preChatDone)) return <PreChatForm t={t} session={session} s={s} />;
  }
  return <Chat s={s} t={t} locale={locale} session={session} />;
}
