import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, createTestDeps, seedAccount, type TestDeps } from '../../test/harness';
import { type RunningServer, startServer } from '../server';
import { webSocketOriginsIn } from './softphone-origins';

// The console's CSP names the WebSocket origins of the enabled SIP phone channels (of every account)
// instead of any wss: host (SQLite; PostgreSQL with DATABASE_URL).

let deps: TestDeps;
let server: RunningServer;

beforeAll(async () => {
  deps = await createTestDeps();
  server = await startServer(deps);
});
afterAll(async () => {
  await server.close();
  await deps.cleanup();
});

const connectSrc = async () => {
  const csp = (await fetch(`${server.url}/inbox`)).headers.get('content-security-policy') ?? '';
  return csp.split('; ').find((d) => d.startsWith('connect-src ')) ?? '';
};

/** The cached list is looked at again at most once a second. */
async function eventually(check: (value: string) => boolean): Promise<string> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await connectSrc();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('console CSP connect-src (H2 softphone)', () => {
  it('lists the SIP servers of enabled phone-sip installs, and drops one when disabled', async () => {
    expect(await connectSrc()).toBe("connect-src 'self'");
    const acme = await seedAccount(deps, 'Acme');
    const other = await seedAccount(deps, 'Other');
    const add = (token: string, wsUrl: string) =>
      callerFor(deps, token).integrations.addChannel({
        plugin: 'phone-sip',
        name: 'SIP',
        config: { wsUrl, domain: 'sip.example.com', sharedSecret: 'kamailio-shared-secret-0123' },
      });
    const a = await add(acme.owner.token, 'wss://sip.acme.test:7443/ws');
    await add(other.owner.token, 'ws://127.0.0.1:8088');
    const both = "connect-src 'self' wss://sip.acme.test:7443 ws://127.0.0.1:8088";
    expect((await eventually((v) => v.includes('acme') && v.includes('8088'))).split(' ').sort()).toEqual(
      both.split(' ').sort(),
    );

    await callerFor(deps, acme.owner.token).integrations.setEnabled({ id: a.installId, enabled: false });
    expect(await eventually((v) => !v.includes('acme'))).toBe("connect-src 'self' ws://127.0.0.1:8088");
    // Pages that are not the console keep their own policies.
    expect((await fetch(`${server.url}/healthz`)).headers.get('content-security-policy')).not.toContain(
      '8088',
    );
  });

  it('takes ws(s) origins only, from any setting', () => {
    expect(
      webSocketOriginsIn({
        wsUrl: 'WSS://Sip.Example.com:443/ws',
        domain: 'x',
        n: 3,
        other: 'https://a.test',
      }),
    ).toEqual(['wss://sip.example.com']);
  });
});
