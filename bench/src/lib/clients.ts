import { randomUUID } from 'node:crypto';
import { createTRPCClient, createWSClient, httpBatchLink, type TRPCClient, wsLink } from '@trpc/client';
import WebSocket from 'ws';
import type { AppRouter } from '../../../apps/api/src/routers';
import { resumingSubscription } from './resume';
import { BENCH_PASSWORD } from './seed';
import { nowMs } from './util';

/** Timestamp embedded in every bench message body: `bench:<sentAtMs>:<seq> <text>` */
export const stampBody = (seq: number, text: string) => `bench:${nowMs().toFixed(3)}:${seq} ${text}`;
export const readStamp = (body: string): { sentAt: number; seq: number } | null => {
  const m = /^bench:([\d.]+):(\d+) /.exec(body);
  return m ? { sentAt: Number(m[1]), seq: Number(m[2]) } : null;
};

type Ev = { type: string; [k: string]: unknown };
export const unwrap = (d: unknown): Ev => {
  const x = d as { id?: unknown; data?: Ev };
  return x && typeof x === 'object' && 'data' in x && 'id' in x ? (x.data as Ev) : (d as Ev);
};

const WORDS = [
  'hello',
  'order',
  'shipping',
  'refund',
  'size',
  'color',
  'delivery',
  'price',
  'discount',
  'invoice',
  'thanks',
  'please',
  'help',
  'question',
  'account',
  'password',
  'tracking',
  'return',
];
export const sentence = (n = 8) =>
  Array.from({ length: n }, () => WORDS[Math.floor(Math.random() * WORDS.length)]).join(' ');

let ipSeq = 0;
/** A loopback address used as the visitor's X-Forwarded-For (the server trusts loopback proxies in the bench). */
export function nextVisitorIp(perIp = 25): string {
  const n = Math.floor(ipSeq++ / perIp) + 1;
  return `127.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export interface VisitorHandlers {
  onMessage?(
    message: { id: string; clientId: string | null; author: string; body: string; conversationId: string },
    at: number,
  ): void;
  onEvent?(event: Ev): void;
  onState?(state: string): void;
  /** The server ended the stream (e.g. a slow consumer cut off); it resumes from its last event id. */
  onResume?(error: unknown): void;
}

export interface BenchVisitor {
  token: string;
  visitorId: string;
  ip: string;
  client: TRPCClient<AppRouter>;
  ws: ReturnType<typeof createWSClient>;
  conversationId: string | null;
  send(
    body: string,
    clientId?: string,
  ): Promise<{ id: string; conversationId: string; clientId: string | null }>;
  typing(text: string): Promise<unknown>;
  ping(): Promise<unknown>;
  close(): void;
  subscription: { unsubscribe(): void } | null;
}

export async function widgetStart(baseUrl: string, channelKey: string, ip: string, visitorToken?: string) {
  const res = await fetch(`${baseUrl}/trpc/widget.start`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': ip,
      'user-agent': 'parley-bench/1.0 (X11; Linux x86_64) Chrome/130',
    },
    body: JSON.stringify({
      channelKey,
      visitorToken: visitorToken ?? null,
      page: {
        url: 'https://shop.bench.test/products/42',
        title: 'Product 42',
        referrer: 'https://www.google.com/',
      },
      locale: 'en-US',
    }),
  });
  const json = (await res.json()) as {
    result?: { data: { visitorToken: string; visitor: { id: string }; conversation: { id: string } | null } };
    error?: { message: string; data?: { appCode?: string } };
  };
  if (!res.ok || !json.result) {
    const err = new Error(`widget.start ${res.status}: ${json.error?.data?.appCode ?? json.error?.message}`);
    (err as Error & { status: number }).status = res.status;
    throw err;
  }
  return json.result.data;
}

/** A visitor like the widget: start over HTTP, then one WebSocket with the token in connectionParams. */
export async function connectVisitor(
  baseUrl: string,
  channelKey: string,
  handlers: VisitorHandlers = {},
  opts: { subscribe?: boolean; ip?: string; token?: string } = {},
): Promise<BenchVisitor> {
  const ip = opts.ip ?? nextVisitorIp();
  const started = await widgetStart(baseUrl, channelKey, ip, opts.token);
  const IpWebSocket = class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { 'x-forwarded-for': ip } });
    }
  };
  const ws = createWSClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/trpc`,
    WebSocket: IpWebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { visitorToken: started.visitorToken },
    retryDelayMs: (attempt) => Math.min(100 * 2 ** attempt, 2000),
    ...(handlers.onState
      ? { onOpen: () => handlers.onState?.('open'), onClose: () => handlers.onState?.('closed') }
      : {}),
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
  const v: BenchVisitor = {
    token: started.visitorToken,
    visitorId: started.visitor.id,
    ip,
    client,
    ws,
    conversationId: started.conversation?.id ?? null,
    subscription: null,
    async send(body, clientId = randomUUID()) {
      const m = await client.widget.send.mutate({ clientId, body });
      v.conversationId = m.conversationId;
      return m;
    },
    typing: (text) => client.widget.typing.mutate({ text }),
    ping: () => client.widget.ping.mutate(),
    close() {
      v.subscription?.unsubscribe();
      ws.close();
    },
  };
  if (opts.subscribe !== false) {
    let ready!: () => void;
    const started = new Promise<void>((r) => {
      ready = r;
    });
    // Resumed from the last event id when the server ends it, as the widget does.
    v.subscription = resumingSubscription((input, h) => client.widget.events.subscribe(input, h), {
      onStarted: () => ready(),
      onData: (d) => {
        const at = nowMs();
        const e = unwrap(d);
        if (e.type === 'message') handlers.onMessage?.(e.message as never, at);
        handlers.onEvent?.(e);
      },
      onResume: (err) => handlers.onResume?.(err),
    });
    await started;
  }
  return v;
}

export interface AgentHandlers {
  onEvent?(event: Ev, at: number): void;
  onState?(state: string): void;
  /** The server ended live.console (e.g. a slow consumer cut off); it resumes from its last event id. */
  onResume?(error: unknown): void;
}

/** An agent like the console: log in over HTTP (cookie), live.console over WS with the cookie. */
export async function connectAgent(
  baseUrl: string,
  email: string,
  handlers: AgentHandlers = {},
  opts: { subscribe?: boolean; rawSocket?: boolean } = {},
) {
  let cookie = '';
  const fetchWithCookies: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(input, { ...init, headers });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0] ?? '';
      // Only the session matters here (login also sets the device cookie, parley_device).
      if (!pair.startsWith('parley_session=')) continue;
      cookie = pair.endsWith('=') ? '' : pair;
    }
    return res;
  };
  const http = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${baseUrl}/trpc`, fetch: fetchWithCookies })],
  });
  const signedIn = await http.auth.login.mutate({ email, password: BENCH_PASSWORD });
  if (!('me' in signedIn) || !signedIn.me) throw new Error(`${email} needs a second factor`);
  const { me } = signedIn;
  const CookieWebSocket = class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  };
  const ws = createWSClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/trpc`,
    WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    retryDelayMs: (attempt) => Math.min(100 * 2 ** attempt, 2000),
    ...(handlers.onState
      ? { onOpen: () => handlers.onState?.('open'), onClose: () => handlers.onState?.('closed') }
      : {}),
  });
  // One tRPC client per socket: operation ids are per client, and two clients on one WSClient collide.
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
  const wsClient = client;
  let subscription: { unsubscribe(): void } | null = null;
  if (opts.subscribe !== false) {
    let ready!: () => void;
    const started = new Promise<void>((r) => {
      ready = r;
    });
    // Resumed from the last event id when the server ends it, as the console does.
    subscription = resumingSubscription((input, h) => client.live.console.subscribe(input, h), {
      onStarted: () => ready(),
      onData: (d) => handlers.onEvent?.(unwrap(d), nowMs()),
      onResume: (err) => {
        if (process.env.BENCH_DEBUG) console.error('console subscription ended, resuming', err);
        handlers.onResume?.(err);
      },
      onFailed: (err) => {
        if (process.env.BENCH_DEBUG) console.error('console subscription refused', err);
      },
    });
    await started;
  }
  // Like an open console: a heartbeat every 20 s, or the sweeper takes the agent offline after a
  // minute, in the middle of a measurement.
  const heartbeat =
    opts.subscribe === false
      ? null
      : setInterval(() => void client.presence.heartbeat.mutate().catch(() => {}), 20_000);
  return {
    me,
    http,
    client,
    wsClient,
    ws,
    cookie: () => cookie,
    close() {
      if (heartbeat) clearInterval(heartbeat);
      subscription?.unsubscribe();
      ws.close();
    },
  };
}
export type BenchAgent = Awaited<ReturnType<typeof connectAgent>>;

/** The owner logs in over HTTP and creates the website channel; returns its public key. */
export async function createChannel(baseUrl: string, ownerEmail: string) {
  const owner = await connectAgent(baseUrl, ownerEmail, {}, { subscribe: false });
  const channel = await owner.http.channels.create.mutate({ kind: 'website', name: 'Bench shop' });
  // The owner stays logged in but goes away so that chat requests go to the bench agents only.
  await owner.http.presence.set.mutate({ presence: 'away' });
  owner.close();
  return channel.publicKey;
}

/** Runs `fn` over items with at most `n` in flight. */
export async function pool<T, R>(
  items: T[],
  n: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        out[i] = await fn(items[i] as T, i);
      }
    }),
  );
  return out;
}
