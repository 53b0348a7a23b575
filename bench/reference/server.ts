import http from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import { type ReferenceConfig, readConfig } from './config';
import type { ReferenceDb, VisitorRow } from './db';
import { LiveRegistry } from './live';
import { openPgDb } from './pg-db';
import { createReferenceRouter, type ReferenceContext, SESSION_COOKIE } from './router';
import { openSqliteDb } from './sqlite-db';
import { createMessageStore } from './store';

const MAX_BODY_BYTES = 1024 * 1024;
const sessionCookie = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`);

/**
 * The reference server: one http.Server with tRPC over HTTP (/trpc/…) and WebSocket, /readyz, and
 * nothing else. The bench harness starts it in place of apps/api/dist/main.js (bench/README.md).
 */
export async function startReferenceServer(config: ReferenceConfig) {
  const db: ReferenceDb = config.databaseUrl
    ? await openPgDb(config.databaseUrl, config.agents)
    : openSqliteDb(config.dataDir, config.agents);
  const live = { agents: new LiveRegistry(), visitors: new LiveRegistry() };
  const store = createMessageStore({
    db,
    live,
    groupCommitMs: config.groupCommitMs,
    groupCommitMax: config.groupCommitMax,
  });
  const router = createReferenceRouter({ db, store, live });

  const createContext = (
    req: http.IncomingMessage,
    res: http.ServerResponse | undefined,
    connectionParams: Partial<Record<string, string>> | null,
  ): ReferenceContext => {
    const visitorToken = connectionParams?.visitorToken;
    let visitor: Promise<VisitorRow | null> | undefined;
    return {
      res,
      sessionToken: sessionCookie.exec(req.headers.cookie ?? '')?.[1],
      visitor() {
        visitor ??= visitorToken ? db.visitorByToken(visitorToken) : Promise.resolve(null);
        return visitor;
      },
    };
  };
  const trpcHttp = createHTTPHandler({
    router,
    basePath: '/trpc/',
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req, res }) => createContext(req, res, null),
  });
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/trpc/')) return void trpcHttp(req, res);
    if (url === '/readyz' || url === '/healthz') {
      db.ready().then(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}'),
        () => res.writeHead(503).end(),
      );
      return;
    }
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  const ws = applyWSSHandler({
    wss,
    router,
    createContext: ({ req, info }) => createContext(req, undefined, info.connectionParams),
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
  });
  server.on('upgrade', (req, socket, head) => {
    if (!(req.url ?? '').startsWith('/trpc')) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (client) => wss.emit('connection', client, req));
  });

  const port = await new Promise<number>((resolve) =>
    server.listen(config.port, config.host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : config.port);
    }),
  );
  return {
    port,
    store,
    /** Clients are told to reconnect, queued sends are written, then the database closes. */
    async close(): Promise<void> {
      ws.broadcastReconnectNotification();
      for (const client of wss.clients) client.terminate();
      server.close();
      await store.flush();
      await db.close();
    },
  };
}

// Run directly (node dist/server.mjs or node --import tsx server.ts), not when a test imports it.
if (import.meta.url === `file://${process.argv[1]}`) {
  const config = readConfig();
  const reference = await startReferenceServer(config);
  const variant =
    config.groupCommitMs > 0 ? `B: group commit ${config.groupCommitMs} ms` : 'A: one transaction per send';
  const database = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  console.log(`reference server (${variant}) on http://${config.host}:${reference.port}, ${database}`);
  const stop = async () => {
    const s = reference.store.stats;
    if (config.groupCommitMs > 0)
      console.log(
        `group commit: ${s.transactions} transactions; ${s.grouped} sends went through the queue, largest group ${s.largestGroup}`,
      );
    await reference.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}
