import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createParleyClient, ParleyApiError, type RestRouteKey } from '../src/rest/client';
import { ENDPOINTS } from '../src/rest/router';
import { type RunningServer, startServer } from '../src/server';
import { callerFor, createTestDeps, seedAccount, type TestDeps, visitorCaller } from './harness';

// The typed REST client (src/rest/client.ts) against a running server: docs/api.md's example, which
// must keep compiling (this file is type-checked with the package) and working.

let deps: TestDeps;
let server: RunningServer;
let acme: Awaited<ReturnType<typeof seedAccount>>;
beforeAll(async () => {
  deps = await createTestDeps();
  server = await startServer(deps);
  acme = await seedAccount(deps, 'Acme');
});
afterAll(async () => {
  await server.close();
  await deps.cleanup();
});

describe('typed REST client', () => {
  it('runs the documented example: typed routes, params, query, bodies, answers and errors', async () => {
    const channel = await callerFor(deps, acme.admin.token).channels.create({
      kind: 'website',
      name: 'Shop',
    });
    const started = await callerFor(deps, undefined, '198.51.100.40').widget.start({
      channelKey: channel.publicKey,
      page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    });
    await visitorCaller(deps, started.visitorToken, '198.51.100.40').widget.send({
      clientId: randomUUID(),
      body: 'Where is my order?',
    });
    const { token } = await callerFor(deps, acme.admin.token).apiTokens.create({
      name: 'typed client',
      scopes: ['conversations:read', 'messages:bot', 'contacts:write', 'contacts:read'],
    });

    // --- docs/api.md "TypeScript: the typed client" ---
    const parley = createParleyClient({ baseUrl: `${server.url}/api/v1`, token });

    const open = await parley.call('GET /conversations', { query: { status: 'open' } });
    for (const c of open.items) {
      await parley.call('POST /conversations/{id}/messages', {
        params: { id: c.id },
        body: {
          body: 'Thanks, we are on it.',
          clientId: `ack-${c.id}`,
          sender: { type: 'bot', name: 'Shop Bot' },
        },
      });
    }
    const ada = await parley.call('POST /contacts', { body: { name: 'Ada', email: 'ada@example.com' } });
    try {
      await parley.call('DELETE /tags/{id}', { params: { id: 'x' } });
    } catch (err) {
      if (err instanceof ParleyApiError && err.code === 'api.scope_missing') {
        // This token may not delete tags.
      } else throw err;
    }
    // --- end of the example ---

    expect(open.items).toHaveLength(1);
    expectTypeOf(open.items[0]?.visitor.email).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(ada.number).toEqualTypeOf<number>();
    expect(ada.number).toBeGreaterThan(0);
    const first = open.items[0]?.id ?? '';
    const sent = await deps.db.message.findFirstOrThrow({
      where: { conversationId: first, clientId: `ack-${first}` },
    });
    expect(sent.meta).toMatchObject({ bot: { name: 'Shop Bot' } });
    const error = await parley
      .call('GET /contacts/{id}', { params: { id: 'nope' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParleyApiError);
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
    expect(await parley.call('GET /token')).toMatchObject({ userId: acme.admin.id });

    // Types: a wrong route, a missing path parameter or a wrong body field does not compile.
    // @ts-expect-error no such route
    void (() => parley.call('GET /nope'));
    // @ts-expect-error the path needs its id
    void (() => parley.call('GET /contacts/{id}', {}));
    // @ts-expect-error a contact has no "nickname"
    void (() => parley.call('POST /contacts', { body: { nickname: 'x' } }));
  });

  it('types every route of the endpoint table, and no other', () => {
    expectTypeOf<'GET /webhooks/{id}/deliveries'>().toExtend<RestRouteKey>();
    expectTypeOf<string>().not.toExtend<RestRouteKey>();
    const keys: RestRouteKey[] = ENDPOINTS.map((e) => `${e.method} ${e.path}` as RestRouteKey);
    expect(keys).toContain('POST /webhook-deliveries/{id}/replay');
  });
});
