import { Fragment } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Translate } from '../lib/i18n';
import { LIMITS, type WidgetAgent, type WidgetMessage } from '../types';
import { EmojiPicker } from './emoji-picker';
import { AttachButton, dropHandlers, MessageMedia, UploadList, useUploads } from './media';
import { Sentence } from './sentence';
import type { ChatSession, ChatState } from './session';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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
      style={{ '--c': color }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          session.requestClose();
        }
      }}
    >
      <Header s={s} t={t} title={title} onClose={() => session.requestClose()} />
      <Body s={s} t={t} locale={locale} session={session} />
    </div>
  );
}

function Header({ s, t, title, onClose }: { s: ChatState; t: Translate; title: string; onClose(): void }) {
  const agents = s.conversation?.agents ?? [];
  // Agent names are people's text: each one isolated (bidi), like every name in the widget.
  const status = agents.length
    ? agents.map((a, i) => (
        <Fragment key={a.id}>
          {i > 0 && ', '}
          <bdi>{a.name}</bdi>
        </Fragment>
      ))
    : s.agentsOnline
      ? t('online')
      : t('away');
  return (
    <header class="head">
      {agents.length > 0 && (
        <div class="faces">
          {agents.slice(0, 3).map((a) => (
            <Avatar key={a.id} agent={a} t={t} />
          ))}
        </div>
      )}
      <div class="titles">
        <h1>{title}</h1>
        <p>
          <span class={s.agentsOnline ? 'dot on' : 'dot'} aria-hidden="true" />
          {status}
        </p>
      </div>
      <button type="button" class="icon close" aria-label={t('close')} title={t('close')} onClick={onClose}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6 9l6 6 6-6" />
        </svg>
      </button>
    </header>
  );
}

function Avatar({ agent, t }: { agent: WidgetAgent; t: Translate }) {
  const initials = agent.name
    .split(/\s+/)
    .map((p) => p[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return agent.avatarUrl ? (
    <img class="avatar" src={agent.avatarUrl} alt={t('agentAvatar', { name: agent.name })} />
  ) : (
    <span class="avatar" role="img" aria-label={t('agentAvatar', { name: agent.name })}>
      {initials}
    </span>
  );
}

function Body({
  s,
  t,
  locale,
  session,
}: {
  s: ChatState;
  t: Translate;
  locale: string;
  session: ChatSession;
}) {
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
    const pre = cfg.preChatForm;
    if (!s.agentsOnline && cfg.offlineForm.enabled) {
      return <OfflineForm t={t} session={session} visitor={v} />;
    }
    const missing =
      (pre.requireName && !v.name) ||
      (pre.requireEmail && !v.email) ||
      (pre.requirePhone && !v.phone) ||
      (!pre.requireName && !pre.requireEmail && !pre.requirePhone && !v.name && !v.email);
    if (pre.enabled && missing && !s.preChatDone) return <PreChatForm t={t} session={session} s={s} />;
  }
  return <Chat s={s} t={t} locale={locale} session={session} />;
}

// ---- chat -------------------------------------------------------------------------------------

function Chat({
  s,
  t,
  locale,
  session,
}: {
  s: ChatState;
  t: Translate;
  locale: string;
  session: ChatSession;
}) {
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
      <UploadList uploads={files.uploads} t={t} onDismiss={files.dismiss} />
      <Composer s={s} t={t} session={session} files={files} />
    </>
  );
}

function Message(props: {
  m: WidgetMessage;
  prev: WidgetMessage | undefined;
  t: Translate;
  time: string;
  read: boolean;
}) {
  const { m, prev, t, time, read } = props;
  if (m.author === 'system') {
    const name = m.system?.name ?? m.agent?.name ?? '';
    const event = m.system?.event;
    const text =
      event === 'joined' || event === 'transferred' || event === 'left' ? (
        <Sentence t={t} k={event} params={{ name }} />
      ) : event === 'closed' ? (
        t('closed')
      ) : (
        <span dir="auto">{m.body}</span>
      );
    return <div class="system">{text}</div>;
  }
  const grouped =
    prev &&
    prev.author === m.author &&
    prev.agent?.id === m.agent?.id &&
    Date.parse(m.createdAt) - Date.parse(prev.createdAt) < 180_000;
  const author = m.author === 'agent' ? (m.agent?.name ?? t('support')) : t('you');
  return (
    <div class={`msg ${m.author}${grouped ? ' grouped' : ''}`}>
      {!grouped && (
        <div class="who">
          {m.author === 'agent' && m.agent && <Avatar agent={m.agent} t={t} />}
          <bdi class="name">{author}</bdi>
          <time dateTime={m.createdAt}>{time}</time>
        </div>
      )}
      <div class={m.attachments || m.gif ? 'bubble media' : 'bubble'} title={grouped ? time : undefined}>
        {m.attachments || m.gif ? <MessageMedia m={m} t={t} /> : <span dir="auto">{m.body}</span>}
      </div>
      {read && <div class="meta">{t('read')}</div>}
    </div>
  );
}

function Composer({
  s,
  t,
  session,
  files,
}: {
  s: ChatState;
  t: Translate;
  session: ChatSession;
  files: ReturnType<typeof useUploads>;
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const [emojiOpen, setEmojiOpen] = useState(false);

  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 120)}px`;
  }, [s.draft]);

  const submit = () => {
    if (session.send(s.draft)) area.current?.focus();
  };
  const insert = (emoji: string) => {
    const el = area.current;
    const start = el?.selectionStart ?? s.draft.length;
    const end = el?.selectionEnd ?? s.draft.length;
    session.setDraft(s.draft.slice(0, start) + emoji + s.draft.slice(end));
    setEmojiOpen(false);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  };

  return (
    <form
      class="composer"
      {...dropHandlers(files.add)}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label class="sr" for="parley-input">
        {t('composerLabel')}
      </label>
      <textarea
        id="parley-input"
        ref={area}
        rows={1}
        maxLength={LIMITS.body}
        placeholder={t('composerPlaceholder')}
        value={s.draft}
        onInput={(e) => session.setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <div class="tools">
        <AttachButton t={t} onFiles={files.add} />
        <button
          type="button"
          class="icon"
          aria-label={t('emoji')}
          title={t('emoji')}
          aria-expanded={emojiOpen}
          onClick={() => setEmojiOpen(!emojiOpen)}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <circle cx="12" cy="12" r="9" />
            <path d="M8.5 14.5s1.2 1.8 3.5 1.8 3.5-1.8 3.5-1.8M9 9.5h.01M15 9.5h.01" />
          </svg>
        </button>
        <button
          type="submit"
          class="icon send"
          aria-label={t('send')}
          title={t('send')}
          disabled={!s.draft.trim()}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M4 12l16-8-6 16-2.5-6.5z" />
          </svg>
        </button>
      </div>
      {emojiOpen && <EmojiPicker t={t} onPick={insert} onClose={() => setEmojiOpen(false)} />}
    </form>
  );
}

// ---- forms ------------------------------------------------------------------------------------

type Errors = Record<string, string>;

function Field(props: {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'tel';
  required: boolean;
  t: Translate;
  errors: Errors;
  multiline?: boolean;
  value?: string;
}) {
  const { name, label, type = 'text', required, t, errors, multiline, value } = props;
  const id = `f-${name}`;
  const err = errors[name];
  const common = {
    id,
    name,
    required,
    'aria-invalid': err ? true : undefined,
    'aria-describedby': err ? `${id}-e` : undefined,
  } as const;
  return (
    <div class="field">
      <label for={id}>
        {label}
        {!required && <span class="opt"> {t('optional')}</span>}
      </label>
      {multiline ? (
        <textarea {...common} rows={4} maxLength={LIMITS.body} />
      ) : (
        <input
          {...common}
          type={type as 'text'}
          maxLength={type === 'text' ? LIMITS.name : 200}
          defaultValue={value}
        />
      )}
      {err && (
        <p class="error" id={`${id}-e`}>
          {err}
        </p>
      )}
    </div>
  );
}

function validate(form: HTMLFormElement, t: Translate, required: Record<string, boolean>) {
  const data: Record<string, string> = {};
  const errors: Errors = {};
  for (const [k, v] of new FormData(form)) data[k] = String(v).trim();
  for (const [k, v] of Object.entries(data)) {
    if (!v && required[k]) errors[k] = t('required');
    else if (k === 'email' && v && !EMAIL_RE.test(v)) errors[k] = t('invalidEmail');
  }
  return { data, errors };
}

function useFormSubmit(t: Translate) {
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const run = async (
    form: HTMLFormElement,
    required: Record<string, boolean>,
    action: (data: Record<string, string>) => Promise<void>,
  ) => {
    const { data, errors: found } = validate(form, t, required);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      form.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setBusy(true);
    setFailed(false);
    try {
      await action(data);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, failed, run };
}

function PreChatForm({ t, session, s }: { t: Translate; session: ChatSession; s: ChatState }) {
  const pre = s.config?.preChatForm;
  const { errors, busy, failed, run } = useFormSubmit(t);
  const required = { name: !!pre?.requireName, email: !!pre?.requireEmail, phone: !!pre?.requirePhone };
  return (
    <form
      class="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run(e.currentTarget, required, (d) =>
          session.submitPreChat({ name: d.name || null, email: d.email || null, phone: d.phone || null }),
        );
      }}
    >
      <p class="intro">{t('preChatIntro')}</p>
      <Field
        name="name"
        label={t('name')}
        required={required.name}
        t={t}
        errors={errors}
        value={s.visitor?.name ?? undefined}
      />
      <Field
        name="email"
        type="email"
        label={t('email')}
        required={required.email}
        t={t}
        errors={errors}
        value={s.visitor?.email ?? undefined}
      />
      {required.phone && <Field name="phone" type="tel" label={t('phone')} required t={t} errors={errors} />}
      {failed && (
        <p class="error" role="alert">
          {t('genericError')}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('startChat')}
      </button>
    </form>
  );
}

function OfflineForm({
  t,
  session,
  visitor,
}: {
  t: Translate;
  session: ChatSession;
  visitor: ChatState['visitor'];
}) {
  const { errors, busy, failed, run } = useFormSubmit(t);
  return (
    <form
      class="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run(e.currentTarget, { name: true, email: true, body: true }, (d) =>
          session.submitOffline({ name: d.name ?? '', email: d.email ?? '', body: d.body ?? '' }),
        );
      }}
    >
      <p class="intro">{t('offlineIntro')}</p>
      <Field
        name="name"
        label={t('name')}
        required
        t={t}
        errors={errors}
        value={visitor?.name ?? undefined}
      />
      <Field
        name="email"
        type="email"
        label={t('email')}
        required
        t={t}
        errors={errors}
        value={visitor?.email ?? undefined}
      />
      <Field name="body" label={t('message')} required multiline t={t} errors={errors} />
      {failed && (
        <p class="error" role="alert">
          {t('genericError')}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('sendMessage')}
      </button>
    </form>
  );
}
