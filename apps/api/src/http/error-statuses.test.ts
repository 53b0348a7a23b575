import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Prisma } from '@parley/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory-bus';
import type { Context } from '../context';
import type { Deps } from '../deps';
import { AppError, ERROR_TRANSPORT } from '../errors';
import { handleAvatarUpload } from './avatar-upload';
import { handleFileDownload, handleFileUpload } from './files';
import { answeringErrors } from './respond';
import { handleVisitorExport } from './visitor-export';
import { handleWebhook } from './webhooks';
import { handleWidgetLeave } from './widget-routes';

/** What PostgreSQL being down looks like to a query (Prisma's error for an unreachable server). */
const unreachable = () =>
  new Prisma.PrismaClientKnownRequestError("Can't reach database server at 127.0.0.1:5432", {
    code: 'P1001',
    clientVersion: 'test',
  });

/** A database whose every query fails as an unreachable server's would. */
const downDb = new Proxy(
  {},
  { get: () => new Proxy(() => {}, { get: () => () => Promise.reject(unreachable()) }) },
);
const downDeps = {
  db: downDb,
  // The visitor-token cache listens on the bus for invalidations; the database is what is down.
  bus: createMemoryBus(),
  config: { publicUrl: undefined, port: 0, uploadMaxBytes: 1024 },
} as unknown as Deps;
const contextWith = (authenticate: () => Promise<unknown>) =>
  ({
    deps: downDeps,
    client: { ip: '127.0.0.1', userAgent: undefined },
    authenticate,
    authenticateVisitor: authenticate,
  }) as unknown as Context;
const downCtx = contextWith(() => Promise.reject(unreachable()));
const anonymousCtx = contextWith(() => Promise.resolve(null));

let current: (req: IncomingMessage, res: ServerResponse) => Promise<unknown>;
const server = http.createServer((req, res) => {
  current(req, res).catch(() => {
    res.writeHead(500).end();
  });
});
let base: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function answer(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<unknown>,
  path: string,
  init: RequestInit = {},
) {
  current = handler;
  const res = await fetch(`${base}${path}`, init);
  const body = (await res.json().catch(() => null)) as { error?: { appCode?: string } } | null;
  return { status: res.status, appCode: body?.error?.appCode };
}

describe('raw routes answer with the shared error map', () => {
  it('maps every error kind to the same HTTP status the tRPC layer uses', async () => {
    for (const [kind, { http: status }] of Object.entries(ERROR_TRANSPORT)) {
      const handler = answeringErrors(async () => {
        throw new AppError(kind as AppError['kind'], `test.${kind}`);
      });
      expect(await answer(handler, '/')).toEqual({ status, appCode: `test.${kind}` });
    }
  });

  it('leaves a bug a 500 for the server to log', async () => {
    const handler = answeringErrors(async () => {
      throw new Error('a bug');
    });
    expect((await answer(handler, '/')).status).toBe(500);
  });

  const unavailable = { status: 503, appCode: 'service.unavailable' };
  it.each([
    ['avatar upload', (q: IncomingMessage, s: ServerResponse) => handleAvatarUpload(q, s, downCtx), 'POST'],
    ['file upload', (q: IncomingMessage, s: ServerResponse) => handleFileUpload(q, s, downCtx), 'POST'],
    ['visitor export', (q: IncomingMessage, s: ServerResponse) => handleVisitorExport(q, s, downCtx), 'GET'],
    ['file download', (q: IncomingMessage, s: ServerResponse) => handleFileDownload(q, s, downDeps), 'GET'],
    [
      'webhook',
      (q: IncomingMessage, s: ServerResponse) => handleWebhook(q, s, downDeps, 'install-1'),
      'POST',
    ],
  ] as const)(
    '%s answers 503 service.unavailable when the database is unreachable',
    async (_, handler, method) => {
      const path = '/files/att-1?e=1&s=x&clientId=client-0001&conversationId=conv-1';
      expect(await answer(handler, path, { method, body: method === 'POST' ? 'x' : undefined })).toEqual(
        unavailable,
      );
    },
  );

  it('widget leave answers 503 service.unavailable when the database is unreachable', async () => {
    const handler = (q: IncomingMessage, s: ServerResponse) => handleWidgetLeave(q, s, downDeps);
    const body = JSON.stringify({ visitorToken: 'some-token' });
    expect(await answer(handler, '/widget/leave', { method: 'POST', body })).toEqual(unavailable);
  });

  it('avatar upload tells a missing login (401) from a bad image (400)', async () => {
    const handler = (q: IncomingMessage, s: ServerResponse) => handleAvatarUpload(q, s, anonymousCtx);
    expect(await answer(handler, '/uploads/avatar', { method: 'POST', body: 'x' })).toEqual({
      status: 401,
      appCode: 'auth.required',
    });
  });
});
