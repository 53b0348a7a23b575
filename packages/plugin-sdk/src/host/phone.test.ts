import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AnyPlugin, definePlugin } from '../define-plugin.js';
import { PluginError } from '../errors.js';
import { createTestLogger } from '../testing/logger.js';
import type { PhoneCapability } from '../types.js';
import { createPluginHost } from './host.js';
import { phoneEventProblems } from './phone.js';
import { createMemoryStorage } from './storage.js';
import { validatePlugin, validateSetupResult } from './validate.js';

function phonePlugin(phone: Partial<PhoneCapability> | Record<string, unknown>): AnyPlugin {
  return definePlugin({
    name: 'phone-test',
    version: '1.0.0',
    apiVersion: 1,
    configSchema: z.object({}),
    capabilities: ['phone'],
    setup: () => ({ phone: phone as PhoneCapability }),
  }) as AnyPlugin;
}

async function hostWith(plugin: AnyPlugin) {
  const host = createPluginHost({
    plugins: [plugin],
    logger: createTestLogger(),
    storage: createMemoryStorage(),
    secretKey: 'test-secret-key-0123456789',
  });
  const r = await host.createInstall({ accountId: 'a', name: plugin.name, config: {} });
  if (!r.ok) throw new Error('install');
  return { host, id: r.install.id };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as PluginError,
  );

const bridge = {
  models: ['bridge'],
  dial: async () => ({ externalCallId: 'CA1' }),
  hangup: async () => {},
  handleWebhook: async () => ({ response: { status: 200 }, events: [] }),
};

describe('the phone capability', () => {
  it('is a capability now (telephony is gone)', () => {
    expect(validatePlugin(phonePlugin(bridge)).ok).toBe(true);
    const unknown = validatePlugin({ ...phonePlugin(bridge), capabilities: ['payroll'] });
    expect(unknown.ok ? [] : unknown.problems).toEqual(['capabilities: unknown capability "payroll"']);
  });

  it('checks what setup returned against the declared models', () => {
    const plugin = phonePlugin(bridge);
    expect(validateSetupResult(plugin, { phone: bridge })).toEqual([]);
    expect(validateSetupResult(plugin, { phone: { models: ['bridge'] } })).toEqual([
      'phone.dial must be a function (model "bridge")',
      'phone.hangup must be a function (model "bridge")',
      'phone.handleWebhook must be a function (model "bridge")',
    ]);
    expect(validateSetupResult(plugin, { phone: { models: ['softphone'] } })).toEqual([
      'phone.softphoneCredentials must be a function (model "softphone")',
    ]);
    expect(validateSetupResult(plugin, { phone: { models: ['pigeon'] } })).toEqual([
      'phone.models must be a non-empty array of "bridge" and/or "softphone"',
    ]);
    expect(validateSetupResult(plugin, { phone: { ...bridge, numbers: ['0532 123'] } })).toEqual([
      'phone.numbers must be an array of E.164 numbers ("+905321234567")',
    ]);
  });

  it('names what is wrong with call events', () => {
    const at = new Date();
    expect(
      phoneEventProblems([
        { type: 'call.status', externalCallId: 'CA1', status: 'completed', at, durationSec: 12 },
        { type: 'call.inbound', externalCallId: 'CA2', from: '+905321234567', to: '+15017122661', at },
      ]),
    ).toEqual([]);
    expect(
      phoneEventProblems([
        { type: 'call.status', externalCallId: '', status: 'exploded', at: 'now', durationSec: 1.5 },
        { type: 'call.inbound', externalCallId: 'CA2', from: '0532', to: 'x', at },
        { type: 'message' },
      ]),
    ).toEqual([
      'events[0].externalCallId must be a non-empty string',
      'events[0].at must be a valid Date',
      'events[0].status must be one of ringing, answered, completed, busy, no-answer, failed, canceled',
      'events[0].durationSec must be a whole number of seconds ≥ 0',
      'events[1].to must be an E.164 number',
      'events[1].from must be an E.164 number when given',
      'events[2].externalCallId must be a non-empty string',
      'events[2].at must be a valid Date',
      'events[2].type must be one of call.status, call.inbound',
    ]);
  });

  it('refuses a dial without an id and bad events as the plugin’s fault, named; the install is disabled', async () => {
    const broken = phonePlugin({
      ...bridge,
      dial: async () => ({ id: 'CA1' }),
      handleWebhook: async () => ({
        response: { status: 200 },
        events: [{ type: 'call.status', externalCallId: 'CA1', status: 'done', at: new Date() }],
      }),
    });
    const first = await hostWith(broken);
    const dialed = await failure(
      first.host.dial(first.id, { to: '+905321234567', agentNumber: '+905551112233', callId: 'c' }),
    );
    expect(dialed).toBeInstanceOf(PluginError);
    expect(dialed).toMatchObject({ kind: 'invalid_plugin', plugin: 'phone-test', retryable: false });
    expect(dialed.message).toMatch(/phone\.dial returned no externalCallId/);
    // A plugin breaking the interface is stopped, as a channel handing over bad events is.
    expect((await first.host.health(first.id)).health).toBe('disabled');
    const second = await hostWith(broken);
    let delivered = 0;
    const hooked = await failure(
      second.host.receivePhoneWebhook(
        second.id,
        { method: 'POST', headers: {}, query: {}, rawBody: Buffer.from('') },
        async () => {
          delivered++;
        },
      ),
    );
    expect(hooked.message).toMatch(
      /phone\.handleWebhook returned invalid events: events\[0\]\.status must be one of/,
    );
    expect(hooked.plugin).toBe('phone-test');
    expect(delivered).toBe(0);
  });

  it('answers 500 when storing the events failed, so the provider retries', async () => {
    const { host, id } = await hostWith(
      phonePlugin({
        ...bridge,
        handleWebhook: async () => ({
          response: { status: 200, body: '<Response/>' },
          events: [{ type: 'call.status', externalCallId: 'CA1', status: 'ringing', at: new Date() }],
        }),
      }),
    );
    const answer = await host.receivePhoneWebhook(
      id,
      { method: 'POST', headers: {}, query: {}, rawBody: Buffer.from('') },
      async () => {
        throw new Error('database down');
      },
    );
    expect(answer.status).toBe(500);
  });

  it('checks softphone credentials (SIP over WebSocket)', async () => {
    const good = {
      servers: ['wss://sip.example.com:7443'],
      uri: 'sip:agent-1@example.com',
      authorizationUser: 'agent-1',
      password: 'short-lived-token',
      expiresAt: new Date(Date.now() + 600_000),
    };
    const { host, id } = await hostWith(
      phonePlugin({
        models: ['softphone'],
        softphoneCredentials: async (agent: { userId: string }) =>
          agent.userId === 'bad' ? { ...good, servers: ['https://x'], uri: 'agent' } : good,
      }),
    );
    expect(await host.softphoneCredentials(id, { userId: 'u1', name: 'Ada' })).toEqual(good);
    // A softphone-only install has no dial.
    expect(
      (await failure(host.dial(id, { to: '+905321234567', agentNumber: '+905551112233', callId: 'c' })))
        .message,
    ).toBe('phone-test has no phone.dial');
    const bad = await failure(host.softphoneCredentials(id, { userId: 'bad', name: 'Eve' }));
    expect(bad.message).toBe(
      'phone.softphoneCredentials returned invalid credentials: servers must be a non-empty array of ws:// or wss:// URLs; uri must be a SIP URI (sip:user@domain)',
    );
    expect(bad.plugin).toBe('phone-test');
  });
});
