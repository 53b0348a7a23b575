import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  type TRPCClient,
  wsLink,
} from '@trpc/client';
import WebSocket from 'ws';
import type { AppRouter } from '../src/routers';

/** A console-like client over real HTTP and WebSocket, keeping the session cookie like a browser. */
export function createTestClient(baseUrl: string) {
  // name → value, like a browser's jar for one site (the session and the device cookie).
  const jar = new Map<string, string>();
  let cookie = '';
  const fetchWithCookies: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(input, { ...init, headers });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0] ?? '';
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      if (value) jar.set(name, value);
      else jar.delete(name);
    }
    cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    return res;
  };
  const http = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${baseUrl}/trpc`, fetch: fetchWithCookies })],
  });
  const openWs = () => {
    // Node 20 has no global WebSocket; the cookie travels in the upgrade request like a browser's.
    const CookieWebSocket = class extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } });
      }
    };
    const wsClient = createWSClient({
      url: `${baseUrl.replace(/^http/, 'ws')}/trpc`,
      WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket,
      retryDelayMs: () => 100,
    });
    const client: TRPCClient<AppRouter> = createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: wsLink({ client: wsClient }),
          false: httpBatchLink({ url: `${baseUrl}/trpc`, fetch: fetchWithCookies }),
        }),
      ],
    });
    return { client, wsClient };
  };
  return { http, openWs, fetch: fetchWithCookies, cookie: () => cookie };
}

/** Collects subscription data; `until` waits for a count of items, `untilSome` for one that matches. */
export function collect<T>(subscribe: (onData: (d: T) => void) => { unsubscribe(): void }) {
  const items: T[] = [];
  const waiters: { done: () => boolean; resolve: () => void }[] = [];
  const sub = subscribe((d) => {
    items.push(d);
    for (const w of waiters) if (w.done()) w.resolve();
  });
  const waitFor = (done: () => boolean, what: () => string, timeoutMs: number) => {
    if (done()) return Promise.resolve(items);
    return new Promise<T[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(what())), timeoutMs);
      waiters.push({
        done,
        resolve: () => {
          clearTimeout(timer);
          resolve(items);
        },
      });
    });
  };
  return {
    items,
    until: (count: number, timeoutMs = 5000) =>
      waitFor(
        () => items.length >= count,
        () => `got ${items.length}/${count} events`,
        timeoutMs,
      ),
    /** Events arrive in the order the server wrote them, but how many come first is not the test's business. */
    untilSome: (match: (item: T) => boolean, timeoutMs = 5000) =>
      waitFor(
        () => items.some(match),
        () => `none of ${items.length} events matched: ${JSON.stringify(items).slice(0, 500)}`,
        timeoutMs,
      ),
    stop: () => sub.unsubscribe(),
  };
}

/** The widget's transport: one WebSocket carrying the visitor token in connectionParams. */
export function createVisitorClient(baseUrl: string, visitorToken: string) {
  const wsClient = createWSClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/trpc`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { visitorToken },
    retryDelayMs: () => 100,
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
  return { client, wsClient };
}
