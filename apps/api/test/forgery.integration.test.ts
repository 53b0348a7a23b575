import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server';
import { appCodeOf, callerFor, createTestDeps, seedAccount, type TestDeps } from './harness';

/**
 * Cookie-authenticated writes from other pages. A sibling subdomain is same-site, so the
 * SameSite=Lax cookie rides along on its form posts and no-cors fetches; only Origin and the
 * content type tell them apart. (The browser version: e2e/tests/forgery-framing.test.ts.)
 */
let deps: TestDeps;
let server: RunningServer;
let acme: Awaited<ReturnType<typeof seedAccount>>;
const PUBLIC = 'https://chat.acme.test';

beforeAll(async () => {
  deps = await createTestDeps({ env: { PUBLIC_URL: PUBLIC } });
  server = await startServer(deps);
  acme = await seedAccount(deps);
});
afterAll(async () => {
  await server.close();
  await deps.cleanup();
});

const cookie = () => `parley_session=${acme.agent.token}`;
const stillLoggedIn = async () => (await callerFor(deps, acme.agent.token).auth.me()) !== null;

describe('tRPC writes', () => {
  it('refuses a multipart form post and a text/plain post, even from our own origin', async () => {
    const form = new FormData();
    form.set('x', '1');
    const multipart = await fetch(`${server.url}/trpc/auth.logout`, {
      method: 'POST',
      headers: { cookie: cookie(), origin: PUBLIC },
      body: form,
    });
    expect(multipart.status).toBe(415);
    const plain = await fetch(`${server.url}/trpc/sessions.revokeOthers`, {
      method: 'POST',
      headers: { cookie: cookie(), 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(plain.status).toBe(415);
    expect(await appCodeOf(plain)).toBe('bad_request');
    expect(await stillLoggedIn()).toBe(true);
  });

  it('refuses JSON writes from a sibling subdomain or another site, and takes our own', async () => {
    for (const origin of ['https://www.acme.test', 'https://evil.test', 'null']) {
      const res = await fetch(`${server.url}/trpc/presence.heartbeat`, {
        method: 'POST',
        headers: { cookie: cookie(), origin, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status, origin).toBe(403);
      expect(await appCodeOf(res)).toBe('forbidden');
    }
    const own = await fetch(`${server.url}/trpc/presence.heartbeat`, {
      method: 'POST',
      headers: { cookie: cookie(), origin: PUBLIC, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(own.status).toBe(200);
    // Reads stay open to our pages and to non-browser clients.
    expect((await fetch(`${server.url}/trpc/auth.me`, { headers: { cookie: cookie() } })).status).toBe(200);
  });
});

describe('uploads', () => {
  it('refuses an avatar upload or removal from another origin; our own origin may', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    for (const method of ['POST', 'DELETE']) {
      const res = await fetch(`${server.url}/uploads/avatar`, {
        method,
        headers: { cookie: cookie(), origin: 'https://www.acme.test', 'content-type': 'image/png' },
        ...(method === 'POST' ? { body: new Uint8Array(png) } : {}),
      });
      expect(res.status, method).toBe(403);
    }
    expect((await deps.db.user.findUniqueOrThrow({ where: { id: acme.agent.id } })).avatarKey).toBeNull();
    const own = await fetch(`${server.url}/uploads/avatar`, {
      method: 'POST',
      headers: { cookie: cookie(), origin: PUBLIC, 'content-type': 'image/png' },
      body: new Uint8Array(png),
    });
    expect(own.status).toBe(200);
  });
});

describe('security headers', () => {
  it('sends nosniff, a referrer policy, HSTS on https and a CSP that forbids framing the console', async () => {
    const page = await fetch(`${server.url}/inbox`);
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(page.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const api = await fetch(`${server.url}/healthz`);
    expect(api.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'; sandbox",
    );
    const frame = await fetch(`${server.url}/widget/frame.html?key=x`);
    expect(frame.headers.get('content-security-policy') ?? '').not.toMatch(/frame-ancestors/);
    // A script is no document: nosniff only, so the loader stays within its bytes on the wire.
    const loader = await fetch(`${server.url}/widget/loader.js`);
    expect(loader.headers.get('x-content-type-options')).toBe('nosniff');
    expect(loader.headers.get('content-security-policy')).toBeNull();
    expect(loader.headers.get('referrer-policy')).toBeNull();
  });
});
