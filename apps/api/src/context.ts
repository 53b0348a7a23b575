import type { IncomingMessage, ServerResponse } from 'node:http';
import proxyaddr from 'proxy-addr';
import { readDeviceToken, readSessionToken } from './auth/cookies';
import type { Deps } from './deps';
import type { VisitorAuth } from './domain/live-chat/visitor-auth';
import { visitorAuthCacheFor } from './domain/live-chat/visitor-auth-cache';
import { type ClientInfo, sessionCacheFor, type ValidSession } from './domain/sessions';

/**
 * Who is calling an agent, admin or owner procedure: built once by the role middleware (trpc.ts) from
 * the checked session, and handed as is to domain functions that take `{ accountId, userId, … }`.
 */
export interface Actor {
  accountId: string;
  userId: string;
  role: 'owner' | 'admin' | 'agent';
  /** The client's address, for the audit log. */
  ip: string | undefined;
  /** The caller's session (the sessions list marks it; changing the password keeps it). */
  sessionId: string;
}

export interface Context {
  deps: Deps;
  transport: 'http' | 'ws';
  client: ClientInfo;
  sessionToken: string | undefined;
  /** The device cookie of a browser that logged in before (auth/device-token.ts). */
  deviceToken: string | undefined;
  /**
   * The caller's session: checked per request over HTTP and per call over WS, against the process's
   * session cache (domain/sessions.ts), which invalidation through the bus keeps in step with the database.
   */
  authenticate(): Promise<ValidSession | null>;
  /** The widget's visitor, from `connectionParams.visitorToken` (WS) or the `x-parley-visitor` header. */
  authenticateVisitor(): Promise<VisitorAuth | null>;
  /** Adds a Set-Cookie header (HTTP only; cookies cannot be set over a WebSocket). */
  setCookie(cookie: string): void;
  /** Cookies get `Secure` when the public URL is https. */
  secureCookies: boolean;
}

/**
 * How long a WebSocket reuses its visitor check before asking the process's visitor cache again (a
 * map lookup; the cache drops a revoked visitor at once through the bus, so an open socket stops
 * within this time).
 */
export const VISITOR_RECHECK_MS = 2_000;

export function clientIp(
  req: IncomingMessage,
  trust: (addr: string, i: number) => boolean,
): string | undefined {
  // proxy-addr walks X-Forwarded-For only through the proxies we trust.
  return proxyaddr(req, trust) || req.socket.remoteAddress || undefined;
}

export function createContextFactory(deps: Deps) {
  const trust = proxyaddr.compile(deps.config.trustedProxies);
  const secureCookies = deps.config.publicUrl?.startsWith('https://') ?? false;
  // Built now, so it listens for invalidations before the first call arrives.
  const sessions = sessionCacheFor(deps);
  const visitors = visitorAuthCacheFor({ db: deps.db, bus: deps.bus, database: deps.database });

  return function createContext(
    req: IncomingMessage,
    res: ServerResponse | undefined,
    connectionParams?: Record<string, string | undefined> | null,
  ): Context {
    const transport = res ? 'http' : 'ws';
    const sessionToken = readSessionToken(req.headers.cookie);
    const userAgent = req.headers['user-agent'];
    let memo: Promise<ValidSession | null> | undefined;
    let visitorMemo: Promise<VisitorAuth | null> | undefined;
    let visitorCheckedAt = 0;
    const header = req.headers['x-parley-visitor'];
    const visitorToken = connectionParams?.visitorToken ?? (typeof header === 'string' ? header : undefined);
    const ctx: Context = {
      deps,
      transport,
      client: { ip: clientIp(req, trust), userAgent },
      sessionToken,
      deviceToken: readDeviceToken(req.headers.cookie),
      secureCookies,
      authenticate() {
        if (!ctx.sessionToken) return Promise.resolve(null);
        if (transport === 'ws' || !memo) memo = sessions.validate(ctx.sessionToken);
        return memo;
      },
      authenticateVisitor() {
        // A widget socket speaks for one visitor for its whole life, but its channel may be switched
        // off meanwhile: the token is checked again (from the process's cache, which invalidation
        // through the bus keeps in step with the database) when the last check is older than
        // VISITOR_RECHECK_MS, so an open socket stops within that time.
        const now = Date.now();
        if (!visitorMemo || now - visitorCheckedAt > VISITOR_RECHECK_MS) {
          visitorMemo = visitors.check(visitorToken);
          visitorCheckedAt = now;
        }
        return visitorMemo;
      },
      setCookie(cookie) {
        if (!res || res.headersSent) return;
        const prev = res.getHeader('set-cookie');
        const list = Array.isArray(prev) ? prev : prev ? [String(prev)] : [];
        res.setHeader('set-cookie', [...list, cookie]);
      },
    };
    return ctx;
  };
}
