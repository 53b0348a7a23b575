import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createPluginHost } from '../../host/index.js';
import { createTestLogger, runPluginContract } from '../../testing/index.js';
import plugin, {
  credentialsFor,
  ephemeralCredential,
  ephemeralUser,
  parseAgentCredentials,
  webSocketUrlProblem,
} from './index.js';

const secret = 'kamailio-shared-secret-0123';
const base = { wsUrl: 'wss://sip.example.com:7443', domain: 'sip.example.com' };
const agent = { userId: '0193b2c4-aaaa-7bbb-8ccc-0123456789ab', name: 'Ada Agent', email: 'Ada@Example.com' };
const newHost = (storage: ReturnType<typeof createMemoryStorage>) =>
  createPluginHost({
    plugins: [plugin],
    logger: createTestLogger(),
    storage,
    secretKey: 'test-secret-key-0123456789',
  });
const parse = (input: Record<string, unknown>) => plugin.configSchema.safeParse(input);

runPluginContract(plugin, {
  validConfig: () => ({ ...base, sharedSecret: secret }),
  invalidConfig: { wsUrl: 'https://sip.example.com', domain: 'not a domain' },
});

describe('phone-sip config', () => {
  it('takes wss:// anywhere and ws:// only to loopback', () => {
    expect(webSocketUrlProblem('wss://sip.example.com:7443/ws')).toBeNull();
    expect(webSocketUrlProblem('ws://127.0.0.1:5066')).toBeNull();
    expect(webSocketUrlProblem('ws://localhost:5066')).toBeNull();
    expect(webSocketUrlProblem('ws://sip.example.com')).toMatch(/127\.0\.0\.1/);
    expect(webSocketUrlProblem('https://sip.example.com')).toMatch(/wss/);
    expect(webSocketUrlProblem('wss://user:pw@sip.example.com')).toMatch(/user/);
    expect(webSocketUrlProblem('not a url')).toBe('not a URL');
  });

  it('needs a WebSocket URL, a domain and a secret or per-agent lines', () => {
    expect(parse({ ...base, sharedSecret: secret }).success).toBe(true);
    expect(parse({ ...base, agentCredentials: 'ada@example.com ada s3cret' }).success).toBe(true);
    const none = parse(base);
    expect(none.success).toBe(false);
    expect(none.error?.issues[0]?.path).toEqual(['sharedSecret']);
    expect(parse({ ...base, wsUrl: 'http://sip.example.com', sharedSecret: secret }).success).toBe(false);
    expect(parse({ ...base, domain: 'sip example', sharedSecret: secret }).success).toBe(false);
    expect(parse({ ...base, sharedSecret: 'short' }).success).toBe(false);
    expect(parse({ ...base, agentCredentials: 'ada@example.com ada' }).success).toBe(false);
    expect(parse({ ...base, sharedSecret: secret, userPrefix: 'A B' }).success).toBe(false);
  });

  it('seals the secret and the per-agent lines at rest; the URL is a destination', async () => {
    const storage = createMemoryStorage();
    const host = newHost(storage);
    const r = await host.createInstall({
      accountId: 'a',
      name: plugin.name,
      config: { ...base, sharedSecret: secret, agentCredentials: 'ada@example.com ada pw-plain-1' },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const stored = JSON.stringify([...storage.installs.values()]);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain('pw-plain-1');
    expect(plugin.hostFields).toEqual(['wsUrl']);
    await host.close();
  });

  it('reads per-agent lines, skipping comments and naming the bad ones', () => {
    const { entries, badLines } = parseAgentCredentials(
      '# email user password\nADA@example.com ada pw1\n\nbad-line\nbob@example.com bob pw 2\n',
    );
    expect(entries).toEqual([{ email: 'ada@example.com', user: 'ada', password: 'pw1' }]);
    expect(badLines).toEqual([4, 5]);
  });
});

describe('phone-sip credentials', () => {
  it('computes the TURN REST / auth_ephemeral credential (known vector)', () => {
    // printf '%s' '1767225600:agent-42' | openssl dgst -sha1 -hmac 'kamailio-shared-secret-0123' -binary | base64
    const at = new Date(1767225600 * 1000);
    expect(ephemeralCredential(secret, 'agent-42', at)).toEqual({
      username: '1767225600:agent-42',
      password: 'jNjd1zIOmBS58piNvkpPTaihYXY=',
    });
  });

  it('hands out short-lived credentials for the agent', () => {
    const config = parse({ ...base, sharedSecret: secret, credentialMinutes: 60 });
    if (!config.success) throw config.error;
    const now = new Date('2026-01-01T00:00:00Z');
    const creds = credentialsFor(config.data, agent, now);
    const user = ephemeralUser('agent-', agent);
    expect(user).toBe('agent-0193b2c4aaaa7bbb8ccc0123456789ab');
    expect(creds).toEqual({
      servers: ['wss://sip.example.com:7443'],
      uri: `sip:${user}@sip.example.com`,
      authorizationUser: `${Math.floor(now.getTime() / 1000) + 3600}:${user}`,
      password: ephemeralCredential(secret, user, new Date(now.getTime() + 3_600_000)).password,
      expiresAt: new Date(now.getTime() + 3_600_000),
      displayName: 'Ada Agent',
    });
  });

  it('prefers the agent’s own line, falls back to ephemeral, refuses without either', () => {
    const both = parse({ ...base, sharedSecret: secret, agentCredentials: 'ada@example.com ada pw1' });
    if (!both.success) throw both.error;
    const mine = credentialsFor(both.data, agent);
    expect(mine).toMatchObject({ uri: 'sip:ada@sip.example.com', authorizationUser: 'ada', password: 'pw1' });
    expect(mine.expiresAt).toBeUndefined();
    const other = credentialsFor(both.data, { ...agent, email: 'eve@example.com' });
    expect(other.expiresAt).toBeInstanceOf(Date);
    const onlyLines = parse({ ...base, agentCredentials: 'ada@example.com ada pw1' });
    if (!onlyLines.success) throw onlyLines.error;
    expect(() => credentialsFor(onlyLines.data, { ...agent, email: 'eve@example.com' })).toThrow(
      /no SIP account/,
    );
  });

  it('goes through the host, checked like every softphone plugin', async () => {
    const host = newHost(createMemoryStorage());
    const r = await host.createInstall({
      accountId: 'a',
      name: plugin.name,
      config: { ...base, sharedSecret: secret },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const creds = await host.softphoneCredentials(r.install.id, agent);
    expect(creds.servers).toEqual(['wss://sip.example.com:7443']);
    expect(creds.uri).toMatch(/^sip:agent-[0-9a-f]{32}@sip\.example\.com$/);
    await host.close();
  });
});
