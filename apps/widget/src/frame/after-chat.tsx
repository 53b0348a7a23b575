import { useEffect, useRef, useState } from 'preact/hooks';
import { RATING_COMMENT_LIMIT, type WidgetRating } from '../types';
import { type AfterChatT, afterChatTranslator } from './after-chat-strings';
import type { RpcError, WidgetSocket } from './rpc';
import './after-chat.css';
import { LOCALES } from '../i18n/locales';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface AfterChatProps {
  conversationId: string;
  scale: 'thumbs' | 'stars';
  locale: string;
  /** The contact form's address, filled in for the transcript. */
  email: string | null;
  transcriptAvailable: boolean;
  socket: Pick<WidgetSocket, 'rate' | 'rating' | 'transcript'> | null;
}

const errorKey = (err: unknown) => {
  const code = (err as RpcError | undefined)?.appCode;
  if (code === 'transcript.rate_limited') return 'rateLimited' as const;
  if (code === 'rating.too_late') return 'tooLate' as const;
  return 'genericError' as const;
};

/**
 * G7: after a chat ended, the visitor rates it (good/bad or 1–5 stars, as the channel says) with an
 * optional comment, and may ask for the transcript by email. Loaded on demand (its own chunk).
 */
export function AfterChat(props: AfterChatProps) {
  const t = afterChatTranslator(props.locale);
  return (
    <>
      <RatingForm {...props} t={t} />
      {props.transcriptAvailable && <TranscriptForm {...props} t={t} />}
    </>
  );
}

function RatingForm({ conversationId, scale, socket, t }: AfterChatProps & { t: AfterChatT }) {
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [saved, setSaved] = useState<WidgetRating | null>(null);
  const [editing, setEditing] = useState(true);
  const [busy, setBusy] = useState(false);
  // Once the visitor chose to change their rating, a rating fetched late (a new socket) must not undo it.
  const changing = useRef(false);
  const [error, setError] = useState<ReturnType<typeof errorKey> | 'chooseScore' | null>(null);

  // A rating given before (another tab, a reload) is shown to change.
  useEffect(() => {
    let live = true;
    socket
      ?.rating(conversationId)
      .then((r) => {
        if (!live || !r) return;
        setSaved(r);
        if (changing.current) return;
        setScore(r.score);
        setComment(r.comment ?? '');
        setEditing(false);
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [conversationId, socket]);

  const choices =
    scale === 'stars'
      ? [1, 2, 3, 4, 5].map((n) => ({ n, label: t('stars', { n: String(n) }), text: '★'.repeat(n) }))
      : [
          { n: 1, label: t('good'), text: `👍 ${t('good')}` },
          { n: 0, label: t('bad'), text: `👎 ${t('bad')}` },
        ];

  if (saved && !editing)
    return (
      <section class="after-chat" aria-labelledby="rate-h">
        <h2 id="rate-h">{t('rateTitle')}</h2>
        <p class="ok" role="status">
          {t('thanks')}
        </p>
        <button
          type="button"
          class="link"
          onClick={() => {
            changing.current = true;
            setEditing(true);
          }}
        >
          {t('changeRating')}
        </button>
      </section>
    );

  return (
    <form
      class="after-chat"
      aria-labelledby="rate-h"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (score === null) return setError('chooseScore');
        if (!socket) return setError('genericError');
        setBusy(true);
        setError(null);
        try {
          const r = await socket.rate({ conversationId, score, comment: comment.trim() || null });
          setSaved(r);
          setEditing(false);
        } catch (err) {
          setError(errorKey(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="rate-h">{t('rateTitle')}</h2>
      <fieldset aria-label={t('starsGroup')}>
        {choices.map((c) => (
          <button
            key={c.n}
            type="button"
            class="choice"
            aria-label={c.label}
            aria-pressed={score === c.n}
            onClick={() => {
              setScore(c.n);
              setError(null);
            }}
          >
            <span aria-hidden="true">{c.text}</span>
          </button>
        ))}
      </fieldset>
      <label for="rate-comment">
        {t('comment')} <span class="opt">{t('optional')}</span>
      </label>
      <textarea
        id="rate-comment"
        rows={2}
        maxLength={RATING_COMMENT_LIMIT}
        value={comment}
        onInput={(e) => setComment(e.currentTarget.value)}
      />
      {error && (
        <p class="error" role="alert">
          {t(error)}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('submitRating')}
      </button>
    </form>
  );
}

function TranscriptForm({ conversationId, email, locale, socket, t }: AfterChatProps & { t: AfterChatT }) {
  const [to, setTo] = useState(email ?? '');
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReturnType<typeof errorKey> | 'invalidEmail' | null>(null);
  return (
    <form
      class="after-chat"
      aria-labelledby="transcript-h"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const address = to.trim();
        if (!EMAIL_RE.test(address)) return setError('invalidEmail');
        if (!socket) return setError('genericError');
        setBusy(true);
        setError(null);
        try {
          const r = await socket.transcript({
            conversationId,
            email: address,
            locale: LOCALES.find((l) => l === locale) ?? 'en',
          });
          setSent(r.to);
        } catch (err) {
          setError(errorKey(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="transcript-h">{t('transcriptTitle')}</h2>
      <label for="transcript-email">{t('email')}</label>
      <input
        id="transcript-email"
        type="email"
        autocomplete="email"
        maxLength={254}
        value={to}
        aria-invalid={error === 'invalidEmail' ? true : undefined}
        aria-describedby={error ? 'transcript-e' : undefined}
        onInput={(e) => setTo(e.currentTarget.value)}
      />
      {error && (
        <p class="error" id="transcript-e" role="alert">
          {t(error)}
        </p>
      )}
      {sent && (
        <p class="ok" role="status">
          {t('transcriptSent', { email: sent })}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('sendTranscript')}
      </button>
    </form>
  );
}
