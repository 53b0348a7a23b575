import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { appRouter } from '../src/routers';
import { type RunningServer, startServer } from '../src/server';
import type { Access } from '../src/trpc';
import { callerFor, createTestDeps, seedAccount, type TestDeps } from './harness';

/**
 * Fuzz: random JSON as the input of every public and visitor procedure, over real HTTP (and the
 * subscriptions over WebSocket). Whatever arrives, the answer is never a 500 and the process stays up.
 * Needs `fast-check` in apps/api devDependencies.
 */
type AnyProcedure = { _def: { meta?: { access?: Access }; type: 'query' | 'mutation' | 'subscription' } };
const procedures = Object.entries(
  (appRouter._def as unknown as { procedures: Record<string, AnyProcedure> }).procedures,
).filter(([, p]) => p._def.meta?.access === 'public' || p._def.meta?.access === 'visitor');
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

let deps: TestDeps;
let server: RunningServer;
let channelKey: string;
let visitorToken: string;
const internal: string[] = [];

beforeAll(async () => {
  deps = await createTestDeps();
  server = await startServer(deps);
  const acme = await seedAccount(deps, 'Fuzz');
  const channel = await callerFor(deps, acme.admin.token).channels.create({ kind: 'website', name: 'Shop' });
  channelKey = channel.publicKey;
  const started = await callerFor(deps, undefined, '198.51.100.1').widget.start({
    channelKey,
    page: { url: 'https://shop.test/', title: '', referrer: '' },
  });
  visitorToken = started.visitorToken;
});
afterAll(async () => {
  await server.close();
  await deps.cleanup();
});

/** Strings that look like numbers and overflow the types behind them (a 19-digit search once answered 500). */
function numericEdges() {
  return fc.oneof(
    fc.stringMatching(/^\d{1,40}$/),
    fc.stringMatching(/^-?\d{9,20}(\.\d+)?$/),
    fc.constantFrom(
      '2147483647',
      '2147483648',
      '9007199254740993',
      '9223372036854775808',
      '1'.repeat(19),
      '9'.repeat(200),
      '-0',
      '1e309',
      'NaN',
      'Infinity',
      '0x7fffffff',
      '０１２３',
    ),
  );
}

/** Random JSON, plus values shaped like the real inputs (right keys, wrong or odd values). */
function inputs() {
  const str = fc.oneof(
    fc.string(),
    fc.string({ maxLength: 6000 }),
    fc.constantFrom('', '__proto__', 'constructor', '💥', '\u0000', channelKey),
    numericEdges(),
  );
  const weird = fc.oneof(
    fc.jsonValue(),
    str,
    fc.constant(null),
    fc.integer(),
    fc.double(),
    fc.array(fc.jsonValue(), { maxLength: 3 }),
  );
  const shaped = fc.record(
    {
      channelKey: fc.oneof(str, weird),
      visitorToken: fc.oneof(str, weird, fc.constant(visitorToken)),
      page: fc.oneof(
        weird,
        fc.record(
          { url: fc.oneof(str, weird), title: fc.oneof(str, weird), referrer: fc.oneof(str, weird) },
          { requiredKeys: [] },
        ),
      ),
      identity: fc.oneof(weird, fc.record({ userId: str, hash: str }, { requiredKeys: [] })),
      clientId: fc.oneof(str, fc.uuid(), weird),
      body: fc.oneof(str, weird),
      text: fc.oneof(str, weird),
      name: fc.oneof(str, weird),
      email: fc.oneof(str, fc.emailAddress(), weird),
      phone: fc.oneof(str, weird),
      password: fc.oneof(str, weird),
      token: fc.oneof(str, weird),
      before: fc.oneof(str, weird),
      lastEventId: fc.oneof(str, weird, fc.constant('99999999999999999999')),
      invitationText: fc.oneof(str, weird),
      locale: fc.oneof(str, weird),
    },
    { requiredKeys: [] },
  );
  return fc.oneof(fc.jsonValue(), shaped, fc.constant(undefined));
}

async function callHttp(path: string, type: string, input: unknown, asVisitor: boolean) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (asVisitor) headers['x-parley-visitor'] = visitorToken;
  const encoded = input === undefined ? '' : JSON.stringify(input);
  const res =
    type === 'query'
      ? await fetch(`${server.url}/trpc/${path}${encoded ? `?input=${encodeURIComponent(encoded)}` : ''}`, {
          headers,
        })
      : await fetch(`${server.url}/trpc/${path}`, {
          method: 'POST',
          headers,
          ...(encoded ? { body: encoded } : {}),
        });
  await res.arrayBuffer();
  return res.status;
}

function callWsSubscription(path: string, input: unknown): Promise<number | 'data'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/trpc?connectionParams=1`);
    const done = (v: number | 'data') => {
      clearTimeout(timer);
      ws.terminate();
      resolve(v);
    };
    const timer = setTimeout(() => done('data'), 1500);
    ws.on('error', () => done(0));
    ws.on('open', () => {
      ws.send(JSON.stringify({ method: 'connectionParams', data: { visitorToken } }));
      ws.send(JSON.stringify({ id: 1, method: 'subscription', params: { path, input } }));
    });
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as {
        id?: number;
        error?: { data?: { httpStatus?: number } };
        result?: { type?: string };
      };
      if (msg.id !== 1) return;
      if (msg.error) done(msg.error.data?.httpStatus ?? 0);
      else if (msg.result?.type === 'started' || msg.result?.type === 'data') done('data');
    });
  });
}

describe('fuzz: the agent searches with numbers', () => {
  it('crm.visitors never answers 500 for long digit strings and numeric edges', async () => {
    const acme = await seedAccount(deps, 'Numbers');
    const agent = callerFor(deps, acme.agent.token);
    await fc.assert(
      fc.asyncProperty(numericEdges(), async (q) => {
        await expect(agent.crm.visitors({ q: q.slice(0, 200) })).resolves.toBeTruthy();
      }),
      { numRuns: RUNS },
    );
    // The smallest case of the report: 19 digits.
    await expect(agent.crm.visitors({ q: '1234567890123456789' })).resolves.toMatchObject({ items: [] });
  });
});

describe('fuzz: random input to every public and visitor procedure', () => {
  it('covers the public and visitor procedures', () => {
    expect(procedures.map(([p]) => p)).toEqual(
      expect.arrayContaining(['widget.start', 'widget.send', 'widget.events', 'auth.login']),
    );
  });

  it.each(procedures)('%s never answers 500', async (path, proc) => {
    const asVisitor = proc._def.meta?.access === 'visitor';
    await fc.assert(
      fc.asyncProperty(inputs(), async (input) => {
        const status =
          proc._def.type === 'subscription'
            ? await callWsSubscription(path, input)
            : await callHttp(path, proc._def.type, input, asVisitor);
        if (status === 500 || status === 0) internal.push(`${path} ${JSON.stringify(input)?.slice(0, 300)}`);
        expect(status, `${path} with ${JSON.stringify(input)?.slice(0, 300)}`).not.toBe(500);
      }),
      { numRuns: proc._def.type === 'subscription' ? Math.ceil(RUNS / 4) : RUNS },
    );
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
