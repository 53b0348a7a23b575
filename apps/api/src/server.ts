import { existsSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { openDatabase, scopeToAccount } from '@parley/db';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import { configureTotpKeys } from './auth/totp';
import type { EventBus } from './bus/event-bus';
import { createMemoryBus } from './bus/memory-bus';
import { createRedisBus } from './bus/redis-bus';
import type { Config } from './config';
import { createContextFactory } from './context';
import type { Deps } from './deps';
import { settleOpenReservations } from './domain/calls/balance-sweep';
import { missUnansweredCalls } from './domain/calls/sweep';
import { cleanMultilineTagNames } from './domain/chat-tools/clean-tag-names';
import { fireDueReminders } from './domain/chat-tools/reminders';
import { createIntegrationHost, resolveSecretKey } from './domain/integrations/host';
import { pollChannels } from './domain/integrations/installs';
import { reconcileInstalls } from './domain/integrations/lifecycle';
import { retryPendingParts } from './domain/integrations/pending-parts';
import { startPluginPackageSync } from './domain/integrations/reload';
import { configureChannelSecrets, sealPlainChannelSecrets } from './domain/live-chat/channel-secrets';
import { ensureSearchIndex } from './domain/live-chat/search';
import { closeVisitPings } from './domain/live-chat/visit-pings';
import { endStaleVisits } from './domain/live-chat/widget';
import { ensureDefaultPlan } from './domain/plans';
import { startPushNotifications } from './domain/push';
import type { PushNotifier } from './domain/push/notifier';
import { deleteExpiredBuckets } from './domain/rate-limit';
import { deleteUnconfirmedSignups } from './domain/sign-in/unconfirmed-signups';
import { runStatsRollup } from './domain/stats/rollup-job';
import { sweepSilentAgents } from './domain/team';
import { startWebhookWorker } from './domain/webhooks/deliver';
import { runWebhookDispatch } from './domain/webhooks/dispatch';
import { configureWebhookSecrets } from './domain/webhooks/secrets';
import { handleAvatarUpload } from './http/avatar-upload';
import { compressJsonResponse } from './http/compress';
import { handleFileDownload, handleFileUpload } from './http/files';
import { checkForgery } from './http/forgery';
import { isAllowedOrigin } from './http/origin';
import { handlePluginPackageUpload } from './http/plugin-package-upload';
import { sendJson } from './http/respond';
import { responseKindOf, setSecurityHeaders } from './http/security-headers';
import { createSoftphoneOrigins } from './http/softphone-origins';
import { serveStatic } from './http/static-files';
import { handleStatsExport } from './http/stats-export';
import { handleVisitorExport } from './http/visitor-export';
import { handleWebhook } from './http/webhooks';
import { handleDemo, handleWidgetLeave } from './http/widget-routes';
import { secureDataDir } from './lib/data-dir';
import { configureFileLinks } from './lib/file-links';
import { createDiskFileStore } from './lib/file-store';
import { createS3FileStore } from './lib/s3-file-store';
import { startScheduler } from './lib/scheduler';
import { deleteOldLiveEvents } from './live/events';
import { liveFrameEncoder } from './live/frames';
import { startKeepAlive } from './live/keep-alive';
import { socketRequest } from './live/socket-request';
import type { Logger } from './logger';
import { createSmtpMailer } from './mail/mailer';
import { handleApiDocs } from './rest/openapi';
import { API_BASE, handleRestApi } from './rest/router';
import { appRouter } from './routers';

const MAX_BODY_BYTES = 1024 * 1024;

export interface RunningServer {
  server: http.Server;
  deps: Deps;
  url: string;
  /** A7: this process's Web Push notifier (tests wait for it with `idle()`). */
  push: PushNotifier;
  /** Graceful stop: WebSocket clients are told to reconnect, then connections close. Deps stay open. */
  close(): Promise<void>;
}

export async function createDeps(config: Config, logger: Logger): Promise<Deps> {
  await secureDataDir(config.dataDir);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onPoolError: (err) => logger.warn({ err: err.message }, 'database: idle connection lost'),
  });
  await ensureSearchIndex(database.db, database.provider);
  // J6: a default plan exists before the first account reads its plan (race-safe across processes).
  await ensureDefaultPlan(database.db);
  const bus: EventBus = config.redisUrl ? await createRedisBus(config.redisUrl, logger) : createMemoryBus();
  const secretKey = await resolveSecretKey(config.secretKey, config.dataDir);
  configureFileLinks(secretKey);
  configureChannelSecrets(secretKey);
  configureTotpKeys(secretKey);
  configureWebhookSecrets(secretKey);
  const sealed = await sealPlainChannelSecrets(database.db);
  if (sealed > 0) logger.info({ channels: sealed }, 'sealed website channel secrets stored in plain text');
  const retagged = await cleanMultilineTagNames(database.db);
  if (retagged > 0) logger.info({ tags: retagged }, 'tag names with a line break made one line');
  const plugins = await createIntegrationHost({
    db: database.db,
    logger,
    secretKey,
    publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
    thirdParty: config.plugins,
    allowPrivateNetwork: config.allowPrivateNetworkDestinations,
  });
  // Plugin packages installed from the console or the CLI: loaded now, and again when any process
  // announces a change on the bus.
  await startPluginPackageSync({ systemDb: database.db, bus, plugins, logger, dataDir: config.dataDir });
  // Installs written by another version of their plugin migrate, or wait for an admin, before any
  // message reaches them.
  await reconcileInstalls({ db: database.db, plugins, logger });
  return {
    plugins,
    config,
    database,
    db: database.db,
    systemDb: database.db,
    bus,
    logger,
    mailer: config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : null,
    files: config.s3 ? createS3FileStore(config.s3) : createDiskFileStore(config.filesDir),
  };
}

/** Releases what createDeps opened; after the server is closed. */
export async function closeDeps(deps: Deps): Promise<void> {
  await closeVisitPings(deps);
  await deps.plugins.close();
  await deps.bus.close();
  deps.mailer?.close();
  await deps.database.close();
}

/** One HTTP server: tRPC over HTTP and WebSocket on /trpc, uploads, health, and the static apps. */
export async function startServer(deps: Deps): Promise<RunningServer> {
  const { config, logger } = deps;
  const createContext = createContextFactory(deps);

  const trpcHttp = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req, res }) => createContext(req, res),
  });
  const consoleApp = existsSync(config.consoleDist)
    ? serveStatic(config.consoleDist, { single: true })
    : null;
  const widgetApp = existsSync(config.widgetDist)
    ? // The loader imports C6 Pointer's chunk from the customer's page.
      serveStatic(config.widgetDist, { anyOrigin: ['/pointer.js'] })
    : null;

  const server = http.createServer((req, res) => {
    route(req, res).catch((err) => {
      logger.error({ err, url: req.url }, 'request failed');
      if (!res.headersSent)
        sendJson(res, 500, { error: { appCode: 'internal', message: 'Internal server error' } });
      else res.destroy();
    });
  });

  // The console's CSP names the SIP servers of the enabled phone channels (cached).
  const softphoneOrigins = createSoftphoneOrigins(deps);

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const kind = responseKindOf(path);
    setSecurityHeaders(res, kind, config.publicUrl, kind === 'console' ? await softphoneOrigins.list() : []);
    if (path.startsWith('/trpc/') || path.startsWith('/uploads/')) {
      const forged = checkForgery(req, path, config.publicUrl);
      if (forged)
        return sendJson(res, forged.status, { error: { appCode: forged.appCode, message: forged.message } });
    }
    if (path.startsWith('/trpc/')) {
      compressJsonResponse(req, res);
      return trpcHttp(req, res);
    }
    // J7 REST API: bearer tokens only, no cookies, so no forgery check (docs/api.md).
    if (path === API_BASE || path.startsWith(`${API_BASE}/`)) {
      if (await handleApiDocs(req, res, path, config.publicUrl)) return;
      return handleRestApi(req, res, deps, path, createContext(req, res).client);
    }
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') return readiness(res);
    if (path === '/uploads/avatar') return handleAvatarUpload(req, res, createContext(req, res));
    if (path.startsWith('/avatars/') && req.method === 'GET') return serveAvatar(path, res);
    if (path === '/uploads/plugin-package')
      return handlePluginPackageUpload(req, res, createContext(req, res));
    if (path === '/uploads/file') return handleFileUpload(req, res, createContext(req, res));
    if (path.startsWith('/files/') && (req.method === 'GET' || req.method === 'HEAD'))
      return handleFileDownload(req, res, deps);
    if (path === '/exports/visitors.csv' && req.method === 'GET')
      return handleVisitorExport(req, res, createContext(req, res));
    if (path === '/exports/stats.csv' && req.method === 'GET')
      return handleStatsExport(req, res, createContext(req, res));
    if (path.startsWith('/hooks/')) return handleWebhook(req, res, deps, path.slice('/hooks/'.length));
    if (path === '/widget/leave') return handleWidgetLeave(req, res, deps);
    if (path === '/demo' || path.startsWith('/demo/')) return handleDemo(req, res, deps, path);
    if (path.startsWith('/widget/') && widgetApp) {
      req.url = url.slice('/widget'.length);
      return widgetApp(req, res, () => sendJson(res, 404, { error: { appCode: 'not_found' } }));
    }
    if (consoleApp) return consoleApp(req, res);
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The console is not built yet. Run `npm start` (it builds first) or `npm run build`.\n');
  }

  async function readiness(res: ServerResponse) {
    const checks = { database: false, bus: false };
    try {
      await deps.db.$queryRawUnsafe('SELECT 1');
      checks.database = true;
    } catch {}
    checks.bus = await deps.bus.ready().catch(() => false);
    const ok = checks.database && checks.bus;
    sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', checks });
  }

  async function serveAvatar(path: string, res: ServerResponse) {
    const name = path.slice('/avatars/'.length);
    const data = /^[\w.-]+\.webp$/.test(name) ? await deps.files.get(`avatars/${name}`) : null;
    if (!data) return sendJson(res, 404, { error: { appCode: 'not_found' } });
    // Keys change on every upload, so a long cache is safe.
    res.writeHead(200, {
      'content-type': 'image/webp',
      'cache-control': 'public, max-age=31536000, immutable',
    });
    res.end(data);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  const wsHandler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext: ({ req, info }) => createContext(req, undefined, info.connectionParams),
    // Keep-alive (PING after 30 s of silence, closed 5 s later) from one interval for all sockets.
    // An event heard by many subscribers is serialised once, not once per socket.
    experimental_encoder: liveFrameEncoder,
  });
  server.on('upgrade', (req, socket: Socket, head) => {
    if (!(req.url ?? '').startsWith('/trpc') || !isAllowedOrigin(req, config.publicUrl)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    // The adapter keeps the request it is handed for the socket's whole life: hand it what the
    // context reads, not the IncomingMessage with its raw headers and stream state.
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, socketRequest(req)));
  });
  const keepAlive = startKeepAlive(wss, { pingMs: 30_000, pongWaitMs: 5_000 });

  // A7: Web Push to agents whose console is closed (domain/push); VAPID keys from env or DATA_DIR.
  const push = await startPushNotifications({
    config,
    bus: deps.bus,
    logger,
    dbFor: (accountId) => scopeToAccount(deps.systemDb, accountId),
  });

  const scheduler = startScheduler(deps.db, logger, [
    { name: 'cleanup-live-events', everyMs: 10 * 60_000, run: () => deleteOldLiveEvents(deps.db) },
    { name: 'cleanup-rate-limits', everyMs: 10 * 60_000, run: () => deleteExpiredBuckets(deps.db) },
    { name: 'end-stale-visits', everyMs: 5_000, run: () => endStaleVisits(deps) },
    { name: 'offline-silent-agents', everyMs: 10_000, run: () => sweepSilentAgents(deps) },
    { name: 'poll-channels', everyMs: 30_000, run: () => pollChannels(deps) },
    { name: 'retry-missing-parts', everyMs: 60_000, run: () => retryPendingParts(deps) },
    { name: 'fire-reminders', everyMs: 5_000, run: () => fireDueReminders(deps) },
    {
      name: 'miss-unanswered-calls',
      everyMs: 2_000,
      run: () => missUnansweredCalls({ ...deps, silentAfterMs: config.callSilentAfterMs }),
    },
    { name: 'settle-call-credit', everyMs: 60_000, run: () => settleOpenReservations(deps) },
    ...(config.statsRollup.enabled
      ? [
          {
            name: 'stats-rollup',
            everyMs: config.statsRollup.everyMs,
            run: () => runStatsRollup(deps.systemDb),
          },
        ]
      : []),
    {
      name: 'webhook-dispatch',
      everyMs: 1_000,
      run: () => runWebhookDispatch({ systemDb: deps.systemDb, provider: deps.database.provider }),
    },
    {
      // #19: accounts public sign-up made whose owner never confirmed the address (7 days).
      name: 'cleanup-unconfirmed-signups',
      everyMs: 60 * 60_000,
      run: () => deleteUnconfirmedSignups(deps.systemDb, logger),
    },
    {
      name: 'cleanup-sessions',
      everyMs: 60 * 60_000,
      run: () => deps.db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } }),
    },
  ]);

  // J7: every process sends webhook deliveries; each is claimed by one (domain/webhooks/deliver.ts).
  const webhookWorker = startWebhookWorker({
    systemDb: deps.systemDb,
    logger,
    mailer: deps.mailer,
    destinations: { allowPrivateNetwork: config.allowPrivateNetworkDestinations },
    publicUrl: config.publicUrl,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    server,
    deps,
    url,
    push: push.notifier,
    close() {
      closing ??= (async () => {
        scheduler.stop();
        keepAlive.stop();
        await webhookWorker.stop();
        await push.stop();
        // Tell WebSocket clients to reconnect (to another process, or to us after a restart).
        wsHandler.broadcastReconnectNotification();
        await new Promise((r) => setTimeout(r, 100));
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
