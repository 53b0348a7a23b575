import { render } from 'preact';
import { createTranslator, pickLocale } from '../lib/i18n';
import { getBrowserStorage } from '../lib/storage';
import type { FrameToHost, HostToFrame } from '../protocol';
import { App } from './app';
import { ChatSession, type SessionOptions, type TabMessage } from './session';
import './styles.css';

const params = new URLSearchParams(location.search);
const channelKey = params.get('key') ?? '';
const hostOrigin = params.get('origin') ?? '';
const languages = navigator.languages?.length ? navigator.languages : [navigator.language];
const locale = pickLocale(languages);
const t = createTranslator(locale);
document.documentElement.lang = locale;

const post = (msg: FrameToHost) => {
  if (hostOrigin && window.parent !== window) window.parent.postMessage(msg, hostOrigin);
};

// Other tabs on the same site share one conversation; keep their open/closed state in step.
let tabs: SessionOptions['tabs'];
if (typeof BroadcastChannel === 'function') {
  const bc = new BroadcastChannel(`parley:${channelKey}`);
  tabs = {
    post: (msg: TabMessage) => bc.postMessage(msg),
    onMessage: (fn) => {
      bc.onmessage = (e: MessageEvent<TabMessage>) => fn(e.data);
    },
  };
}

const session = new ChatSession({
  channelKey,
  locale: languages[0] ?? locale,
  storage: getBrowserStorage(),
  postToHost: post,
  tabs,
  isVisible: () => document.visibilityState === 'visible',
});

addEventListener('message', (e: MessageEvent<HostToFrame>) => {
  if (e.source !== window.parent || e.origin !== hostOrigin) return;
  const d = e.data;
  if (d && typeof d === 'object' && typeof d.parley === 'string') session.handleHost(d);
});

const root = document.getElementById('app');
if (root) render(<App session={session} t={t} locale={locale} />, root);
if (channelKey) post({ parley: 'hello' });
