import { render } from 'preact';
import {
  chooseLocale,
  createTranslator,
  isRtl,
  type Locale,
  loadMessages,
  type Translate,
} from '../lib/i18n';
import { createSharedStorage, type SharedStorage } from '../lib/storage';
import type { FrameToHost, HostToFrame, Signed } from '../protocol';
import { App } from './app';
import { playChime } from './chime';
import { ChatSession } from './session';
import './styles.css';

const params = new URLSearchParams(location.search);
const channelKey = params.get('key') ?? '';
const hostOrigin = params.get('origin') ?? '';
// The loader's per-load nonce: messages without it are not from the loader that made this frame.
const nonce = location.hash.slice(1);
const languages = navigator.languages?.length ? navigator.languages : [navigator.language];

const post = (msg: FrameToHost) => {
  // The launcher's name with the unread count needs the language's plural rules: we word it here.
  if (msg.parley === 'unread') msg = { ...msg, label: t('unreadLabel', { count: msg.count }) };
  if (hostOrigin && window.parent !== window)
    window.parent.postMessage({ ...msg, n: nonce } satisfies Signed<FrameToHost>, hostOrigin);
};

let storage: SharedStorage | null = null;
let session: ChatSession | null = null;

// G5: the browser's language starts loading at once (its chunk, in parallel with the loader's
// handshake); the channel's setting, known once widget.start answers, may then switch to another.
let locale: Locale = 'en';
let t: Translate = createTranslator('en');
let wanted: Locale | null = null;
let ready: Promise<void> = Promise.resolve();

function useLocale(next: Locale): Promise<void> {
  if (next === wanted) return ready;
  wanted = next;
  ready = loadMessages(next).then(
    (messages) => {
      if (wanted === next) show(next, messages);
    },
    // A chunk that cannot load (offline, a deploy in between) leaves the widget in English.
    () => {
      if (wanted === next) show('en', undefined);
    },
  );
  return ready;
}

function show(next: Locale, messages: Awaited<ReturnType<typeof loadMessages>>) {
  locale = next;
  t = createTranslator(next, messages);
  const html = document.documentElement;
  html.lang = next;
  html.dir = isRtl(next) ? 'rtl' : 'ltr';
  post({
    parley: 'lang',
    lang: next,
    dir: isRtl(next) ? 'rtl' : 'ltr',
    open: t('openChat'),
    close: t('close'),
    frame: t('frameTitle'),
    dismiss: t('dismiss'),
  });
  draw();
}

function draw() {
  const root = document.getElementById('app');
  if (root && session) render(<App session={session} t={t} locale={locale} />, root);
}

void useLocale(chooseLocale(languages));

/** Starts once the loader sent the visitor's state (the frame itself may have no storage at all). */
function boot(initial: Record<string, string>) {
  storage = createSharedStorage(initial, (key, value) => post({ parley: 'store', key, value }));
  session = new ChatSession({
    channelKey,
    locale: languages[0] ?? 'en',
    t: () => t,
    storage,
    postToHost: post,
    isVisible: () => document.visibilityState === 'visible',
    chime: playChime,
  });
  const s = session;
  s.subscribe(() => {
    const override = s.state.config?.language;
    if (override) void useLocale(chooseLocale(languages, override));
  });
  void ready.then(draw);
}

addEventListener('message', (e: MessageEvent<Signed<HostToFrame>>) => {
  if (e.source !== window.parent || e.origin !== hostOrigin) return;
  const d = e.data;
  if (!d || typeof d !== 'object' || d.n !== nonce || typeof d.parley !== 'string') return;
  if (d.parley === 'init' && !session) boot(d.store ?? {});
  if (d.parley === 'stored') storage?.changed(String(d.key), typeof d.value === 'string' ? d.value : null);
  else session?.handleHost(d);
});

if (channelKey && nonce) post({ parley: 'hello' });
