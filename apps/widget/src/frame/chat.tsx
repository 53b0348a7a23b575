import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Translate } from '../lib/i18n';
import { AfterChatSlot } from './after-chat-slot';
import { Composer } from './composer';
import { EndChatButton } from './end-chat-button';
import { UploadList, useUploads } from './media';
import { Message } from './message';
import { Sentence } from './sentence';
import type { ChatSession, ChatState } from './session';

/** What every screen of the frame is drawn from. */
export interface ScreenProps {
  s: ChatState;
  t: Translate;
  locale: string;
  session: ChatSession;
}

/**
 * The conversation: the transcript (kept scrolled to the bottom unless the visitor scrolled up),
 * messages still in the offline queue, typing and connection notices, and the composer.
 */
export function Chat({ s, t, locale, session }: ScreenProps) {
  const log = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const files = useUploads(session, t);
  const time = (iso: string) =>
    new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });

  useLayoutEffect(() => {
    const el = log.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  });

  const readAt = s.conversation?.agentReadAt ?? '';
  let lastReadVisitor = -1;
  s.messages.forEach((m, i) => {
    if (m.author === 'visitor' && readAt && m.createdAt <= readAt) lastReadVisitor = i;
  });

  return (
    <>
      <div
        class="log"
        ref={log}
        role="log"
        aria-live="polite"
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        <div class="greeting">{s.config?.greeting || t('greeting')}</div>
        {s.hasMore && (
          <button type="button" class="link" onClick={() => void session.loadEarlier()}>
            {t('loadEarlier')}
          </button>
        )}
        {s.invitation && (
          <div class="msg agent">
            <div class="bubble">{s.invitation}</div>
          </div>
        )}
        {s.messages.map((m, i) => (
          <Message
            key={m.id}
            m={m}
            prev={s.messages[i - 1]}
            t={t}
            time={time(m.createdAt)}
            read={i === lastReadVisitor}
          />
        ))}
        {s.pending.map((p) => (
          <div key={p.clientId} class="msg visitor pending">
            <div class="bubble">{p.body}</div>
            <div class="meta">
              {p.failed ? (
                <>
                  {t('notSent')}{' '}
                  <button type="button" class="link" onClick={() => session.retry(p.clientId)}>
                    {t('retry')}
                  </button>{' '}
                  <button type="button" class="link" onClick={() => session.discard(p.clientId)}>
                    {t('discard')}
                  </button>
                </>
              ) : (
                t('sending')
              )}
            </div>
          </div>
        ))}
        {s.ended && <div class="system">{t('closed')}</div>}
        <AfterChatSlot s={s} locale={locale} session={session} />
        {s.typing.length > 0 && (
          <div class="typing">
            <span class="dots" aria-hidden="true">
              <i />
              <i />
              <i />
            </span>
            <Sentence t={t} k="typing" params={{ name: s.typing.map((a) => a.name).join(', ') }} />
          </div>
        )}
      </div>
      {!s.agentsOnline && !s.conversation && <div class="banner">{t('offlineNotice')}</div>}
      {!s.connected && <div class="banner warn">{t('connecting')}</div>}
      {s.notice && (
        <div class="banner warn" role="alert">
          {t(s.notice)}
        </div>
      )}
      <EndChatButton s={s} t={t} session={session} />
      <UploadList uploads={files.uploads} t={t} onDismiss={files.dismiss} />
      <Composer s={s} t={t} session={session} files={files} />
    </>
  );
}
