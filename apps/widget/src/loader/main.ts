/**
 * The snippet's script (≤ 3.5 KB on the wire, e2e/tests/wire-size.test.ts): a launcher and the chat
 * iframe inside a shadow root, so host CSS cannot reach them, and `window.Parley`. Everything else
 * lives in the frame; the visitor's state lives in the site's storage, kept here (site-store.ts).
 */
import { type FrameToHost, type HostToFrame, type Signed, storePrefix } from '../protocol';
import type { PageInfo } from '../types';
import { createParley } from './api';
import { createSiteStore } from './site-store';
import { loaderStrings } from './strings';
import { BEAT_MS, createTabs } from './tabs';

declare global {
  interface Window {
    Parley?: unknown;
  }
}

const CSS = `
*{box-sizing:border-box}
.l,.b,iframe{position:fixed;right:20px;z-index:1}
.L .l,.L .b,.L iframe{right:auto;left:20px}
.l{bottom:20px;width:60px;height:60px;border-radius:50%;border:0;padding:0;background:var(--c,#2563eb);color:var(--o,#fff);cursor:pointer;box-shadow:0 6px 20px rgba(0,0,0,.22);display:flex;align-items:center;justify-content:center;transition:transform .15s}
.l:hover{transform:scale(1.06)}
.l:focus-visible{outline:3px solid var(--c,#2563eb);outline-offset:3px}
.l svg{width:28px;height:28px;fill:currentColor}
.l .x,.o .l .i{display:none}
.o .l .x{display:block}
.u{position:absolute;top:-3px;inset-inline-end:-3px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#e11d48;border:2px solid #fff;font:700 11px/18px system-ui,sans-serif;text-align:center}
.b{bottom:92px;max-width:280px;display:flex;align-items:flex-start;gap:4px;padding:12px 8px 12px 14px;border-radius:14px;background:#fff;color:#111827;box-shadow:0 8px 28px rgba(0,0,0,.18);font:14px/1.45 system-ui,sans-serif;animation:p .25s ease-out}
.b button{border:0;background:none;font:inherit;color:inherit;cursor:pointer;text-align:start;padding:0}
.b .d{color:#6b7280;font-size:18px;line-height:1;padding:0 4px}
iframe{bottom:92px;width:380px;height:min(660px,calc(100% - 112px));border:0;border-radius:16px;background:#fff;box-shadow:0 12px 48px rgba(0,0,0,.2);visibility:hidden;opacity:0;transform:translateY(12px);transition:opacity .18s,transform .18s,visibility 0s .18s}
.o iframe{visibility:visible;opacity:1;transform:none;transition:opacity .18s,transform .18s}
[hidden]{display:none!important}
@keyframes p{from{opacity:0;transform:translateY(8px)}}
@media (max-width:480px){.o iframe{inset:0;width:100%;height:100%;border-radius:0}.o .l{display:none}}
[dir=rtl] .b{padding:12px 14px 12px 8px}
[dir=rtl] .i{transform:scaleX(-1)}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}`;

const ICONS =
  '<svg class="i" viewBox="0 0 24 24" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>' +
  '<svg class="x" viewBox="0 0 24 24" aria-hidden="true"><path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6 10.6 12 5 6.4z"/></svg>';

function boot(script: HTMLScriptElement) {
  const key = script.dataset.parley;
  if (!key || (window.Parley && (window.Parley as { v?: number }).v)) return;
  const origin = new URL(script.src).origin;
  // Words until the frame says which language the widget speaks (G5: `lang`, from its own catalogue).
  let text: { open: string; close: string; frame: string; dismiss: string } =
    loaderStrings[/^tr\b/i.test(navigator.language) ? 'tr' : 'en'];

  const el = document.createElement('parley-widget');
  el.setAttribute('style', 'all:initial!important;display:block!important');
  const root = el.attachShadow({ mode: 'open' });
  root.innerHTML = `<style>${CSS}</style><div class="w"><div class="b" hidden><button class="t"></button><button class="d">×</button></div><button class="l" aria-expanded="false">${ICONS}<span class="u" hidden></span></button><iframe allow="clipboard-write;autoplay;microphone"></iframe></div>`;
  const $ = <T extends Element>(s: string) => root.querySelector(s) as T;
  const wrap = $<HTMLElement>('.w');
  const launcher = $<HTMLButtonElement>('.l');
  const badge = $<HTMLElement>('.u');
  const bubble = $<HTMLElement>('.b');
  const frame = $<HTMLIFrameElement>('iframe');
  frame.title = text.frame;
  $<HTMLElement>('.d').setAttribute('aria-label', text.dismiss);
  const random = () => [...crypto.getRandomValues(new Uint32Array(4))].map((n) => n.toString(36)).join('');
  const nonce = random();
  frame.src = `${origin}/widget/frame.html?key=${encodeURIComponent(key)}&origin=${encodeURIComponent(location.origin)}#${nonce}`;

  // The visitor's state lives here, in the site's storage (see src/protocol.ts and docs/live-chat.md).
  const store = createSiteStore(storePrefix(key), () => localStorage);
  const tabs = createTabs(
    createSiteStore('parley-tabs:', () => localStorage),
    `parley-tabs:${key}`,
    random(),
  );
  tabs.beat();
  setInterval(tabs.beat, BEAT_MS);
  addEventListener('pagehide', () => {
    const visitorToken = store.get(`${storePrefix(key)}token`);
    // A string body is text/plain: a beacon to another origin without a CORS preflight.
    if (!tabs.leave() && visitorToken)
      navigator.sendBeacon?.(`${origin}/widget/leave`, JSON.stringify({ visitorToken }));
  });
  addEventListener('pageshow', (e) => e.persisted && tabs.beat());
  addEventListener('storage', (e) => {
    if (store.ours(e.key)) post({ parley: 'stored', key: e.key, value: e.newValue });
  });

  let open = false;
  let unread = 0;
  let unreadLabel = '';
  let left = false;
  /** The channel's side, mirrored for a right-to-left language (the launcher sits at the end). */
  const side = () => wrap.classList.toggle('L', left !== (wrap.dir === 'rtl'));
  let lastUrl = '';
  // C6 Pointer's code, fetched from our origin the first time an agent points (see src/pointer).
  const pointer = () =>
    import(/* @vite-ignore */ `${origin}/widget/pointer.js`) as Promise<typeof import('../pointer/main')>;
  const post = (msg: HostToFrame) =>
    frame.contentWindow?.postMessage({ ...msg, n: nonce } satisfies Signed<HostToFrame>, origin);
  const page = (): PageInfo => ({ url: location.href, title: document.title, referrer: document.referrer });
  const label = () =>
    launcher.setAttribute(
      'aria-label',
      open ? text.close : unread ? unreadLabel || `${text.open} (${unread})` : text.open,
    );

  /** `focus`: the visitor asked (launcher, bubble, API); not for restored state or other tabs. */
  function setOpen(value: boolean, focus = true) {
    if (value === open) return;
    open = value;
    wrap.classList.toggle('o', open);
    launcher.setAttribute('aria-expanded', String(open));
    label();
    post(open ? { parley: 'open', focus } : { parley: 'close' });
    if (open) {
      bubble.hidden = true;
      if (focus) frame.focus();
    } else if (document.activeElement === el) launcher.focus();
    parley.emit(open ? 'open' : 'close');
  }

  const parley = createParley({ setOpen: (v) => setOpen(v), post });
  // Calls queued by a stub (`window.Parley = { q: [['identify', {...}]] }`) set before we loaded.
  const stub = (window.Parley as { q?: [keyof typeof parley.api, unknown][] } | undefined)?.q;
  window.Parley = Object.assign(parley.api, { v: 1 });
  for (const [method, arg] of stub ?? []) (parley.api[method] as (a: unknown) => void)?.(arg);

  label();
  launcher.onclick = () => setOpen(!open);
  $<HTMLElement>('.t').onclick = () => setOpen(true);
  $<HTMLElement>('.d').onclick = () => {
    bubble.hidden = true;
  };

  addEventListener('message', (e: MessageEvent<Signed<FrameToHost>>) => {
    const d = e.data;
    if (
      e.source !== frame.contentWindow ||
      e.origin !== origin ||
      !d ||
      d.n !== nonce ||
      typeof d.parley !== 'string'
    )
      return;
    switch (d.parley) {
      case 'hello':
        lastUrl = location.href;
        post({
          parley: 'init',
          page: page(),
          identity: parley.takeIdentity(),
          open,
          store: store.snapshot(),
        });
        break;
      case 'store':
        store.set(d.key, d.value);
        break;
      case 'ready':
        wrap.style.setProperty('--c', d.color);
        wrap.style.setProperty('--o', d.on);
        left = d.position === 'left';
        side();
        parley.markReady();
        // Reopen after a navigation, but not full screen on a phone.
        if (d.open && innerWidth > 480) setOpen(true, false);
        break;
      case 'open':
      case 'close':
        setOpen(d.parley === 'open', false);
        break;
      case 'lang':
        text = d;
        wrap.lang = d.lang;
        wrap.dir = d.dir === 'rtl' ? 'rtl' : 'ltr';
        side();
        frame.title = d.frame;
        $<HTMLElement>('.d').setAttribute('aria-label', d.dismiss);
        label();
        break;
      case 'unread':
        unread = d.count;
        unreadLabel = d.label ?? '';
        badge.hidden = !unread;
        badge.textContent = String(unread);
        label();
        parley.emit('unread', unread);
        break;
      case 'message':
        parley.emit('message', { body: d.body, author: d.author });
        break;
      case 'bubble':
        $<HTMLElement>('.t').textContent = d.text;
        bubble.hidden = !d.text || open;
        break;
      case 'point':
        // On a phone the open chat covers the page: close it so the visitor sees where to look.
        if (innerWidth <= 480) setOpen(false);
        pointer().then(
          (m) => m.highlight(root, d.selector, d.label),
          () => {},
        );
        break;
      case 'snap':
        // C6 on another site: the page's copy for the agent's picker.
        pointer().then(
          (m) => post({ parley: 'snap', id: d.id, copy: m.snapshot() }),
          () => {},
        );
    }
  });

  // SPA navigations: the frame records them as page views.
  const navigated = () =>
    setTimeout(() => {
      if (location.href === lastUrl || !lastUrl) return;
      lastUrl = location.href;
      post({ parley: 'page', page: page() });
    }, 50);
  for (const m of ['pushState', 'replaceState'] as const) {
    const original = history[m];
    history[m] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      navigated();
    };
  }
  addEventListener('popstate', navigated);

  document.body.appendChild(el);
}

const current = (document.currentScript ??
  document.querySelector('script[data-parley]')) as HTMLScriptElement | null;
if (current) {
  if (document.body) boot(current);
  else addEventListener('DOMContentLoaded', () => boot(current));
}
