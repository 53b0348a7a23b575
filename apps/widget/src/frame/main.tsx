import { render } from 'preact';
import { createTranslator, pickLocale } from '../lib/i18n';
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
const locale = pickLocale(languages);
const t = createTranslator(locale);
document.documentElement.lang = locale;

const post = (msg: FrameToHost) => {
  if (hostOrigin && window.parent !== window)
    window.parent.postMessage({ ...msg, n: nonce } satisfies Signed<FrameToHost>, hostOrigin);
};

let storage: SharedStorage | null = null;
let session: ChatSession | null = null;

/** Starts once the loader sent the visitor's state (the frame itself may have no storage at all). */
function boot(initial: Record<string, string>) {
  storage = createSharedStorage(initial, (key, value) => post({ parley: 'store', key, value }));
  session = new ChatSession({
    channelKey,
    locale: languages[0] ?? locale,
    storage,
    postToHost: post,
    isVisible: () => document.visibilityState === 'visible',
    chime: playChime,
  });
  const root = document.getElementById('app');
  if (root) render(<App session={session} t={t} locale={locale} />, root);
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
