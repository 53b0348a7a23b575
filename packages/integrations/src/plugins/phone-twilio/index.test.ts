import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PhoneEvent } from '@parley/plugin-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStorage, createPluginHost } from '../../host/index.js';
import { createTestLogger, runPluginContract } from '../../testing/index.js';
import { startFakeTwilio, twilioWebhookRequest } from '../../testing/providers/twilio.js';
import plugin from './index.js';
import { twilioSignature } from './twiml.js';

const accountSid = `AC${'a1'.repeat(16)}`;
const authToken = 'twilio-auth-token-0123456789';
const phoneNumber = '+15017122661';
const CUSTOMER = '+905321234567';
const AGENT = '+905551112233';

runPluginContract(plugin, {
  provider: () => startFakeTwilio({ accountSid, authToken, phoneNumber }),
  validConfig: ({ providerUrl }) => ({ accountSid, authToken, phoneNumber, baseUrl: providerUrl }),
  invalidConfig: { accountSid: 'AC123', authToken: 'short', phoneNumber: '05321234567' },
  // Generous: a loaded two-core machine takes more than 500 ms for the first local request.
  timeoutMs: 1500,
  phone: {
    signedWebhook: ({ ctx }) =>
      twilioWebhookRequest(
        authToken,
        ctx.webhookUrl ?? '',
        { leg: 'dial' },
        { AccountSid: accountSid, CallSid: 'CA01', DialCallStatus: 'completed', DialCallDuration: '42' },
      ),
  },
});

describe('twilioSignature', () => {
  it('matches the example of Twilio’s webhook security documentation', () => {
    // From Twilio's docs ("Validating signatures from Twilio"): the URL, the sorted parameters.
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    const params = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+12349013030',
      Digits: '1234',
      From: '+12349013030',
      To: '+18005551212',
    };
    expect(twilioSignature('12345', url, params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });
});

interface Harness {
  host: ReturnType<typeof createPluginHost>;
  id: string;
  fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  events: PhoneEvent[];
  hookUrl: string;
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

/** A host with one install and an HTTP receiver at its webhook URL, as the API has. */
async function setup(): Promise<Harness> {
  const fake = await startFakeTwilio({ accountSid, authToken, phoneNumber });
  const events: PhoneEvent[] = [];
  let hookUrl = '';
  let installId = '';
  let host: ReturnType<typeof createPluginHost>;
  const receiver: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://x');
    const answer = await host.receivePhoneWebhook(
      installId,
      {
        method: req.method ?? 'POST',
        headers: req.headers as Record<string, string>,
        query: Object.fromEntries(url.searchParams),
        rawBody: Buffer.concat(chunks),
      },
      async (got) => {
        events.push(...got);
      },
    );
    res.writeHead(answer.status, answer.headers ?? {});
    res.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  host = createPluginHost({
    plugins: [plugin],
    logger: createTestLogger(),
    storage: createMemoryStorage(),
    secretKey: 'test-secret-key-0123456789',
    defaults: { retry: { attempts: 1 } },
    webhookUrl: () => hookUrl,
  });
  const r = await host.createInstall({
    accountId: 'a',
    name: plugin.name,
    config: { accountSid, authToken, phoneNumber, baseUrl: fake.url },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  installId = r.install.id;
  open.push(fake, {
    close: async () => {
      await host.close();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    },
  });
  return { host, id: installId, fake, events, hookUrl };
}

const statuses = (events: PhoneEvent[]) =>
  events.map((e) =>
    e.type === 'call.status'
      ? `${e.status}${e.durationSec !== undefined ? `:${e.durationSec}` : ''}`
      : e.type,
  );

describe('phone-twilio', () => {
  it('creates the call in Twilio’s documented shape: form-encoded, basic auth, the agent’s phone first', async () => {
    const { host, id, fake, hookUrl } = await setup();
    const { externalCallId } = await host.dial(id, {
      to: CUSTOMER,
      agentNumber: AGENT,
      callId: 'c1',
      maxSeconds: 600,
    });
    expect(externalCallId).toMatch(/^CA[0-9a-f]{32}$/);
    const req = fake.requests.at(-1);
    expect(req?.path).toBe(`/2010-04-01/Accounts/${accountSid}/Calls.json`);
    expect(req?.headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
    expect(req?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
    );
    const form = new URLSearchParams(req?.body.toString());
    expect(form.get('To')).toBe(AGENT);
    expect(form.get('From')).toBe(phoneNumber);
    expect(form.get('Url')).toBe(`${hookUrl}?leg=bridge&to=%2B905321234567&limit=600`);
    expect(form.getAll('StatusCallbackEvent')).toEqual(['initiated', 'ringing', 'answered', 'completed']);
  });

  it('a bridged call: ringing, answered, completed with the connected duration; the TwiML dials the customer', async () => {
    const { host, id, fake, events } = await setup();
    const { externalCallId } = await host.dial(id, { to: CUSTOMER, agentNumber: AGENT, callId: 'c1' });
    const answers = await fake.runOutbound(externalCallId, { customer: 'completed', durationSec: 73 });
    expect(answers.every((s) => s === 200)).toBe(true);
    expect(statuses(events)).toEqual(['ringing', 'answered', 'completed:73', 'completed']);
    expect(events.every((e) => e.externalCallId === externalCallId)).toBe(true);
  });

  it('the customer busy or not answering, the agent not answering', async () => {
    for (const [outcome, expected] of [
      [{ customer: 'busy' }, ['ringing', 'busy', 'completed']],
      [{ customer: 'no-answer' }, ['ringing', 'no-answer', 'completed']],
      [{ agent: 'no-answer' }, ['ringing', 'no-answer']],
    ] as const) {
      const { host, id, fake, events } = await setup();
      const { externalCallId } = await host.dial(id, { to: CUSTOMER, agentNumber: AGENT, callId: 'c1' });
      await fake.runOutbound(externalCallId, outcome);
      expect(statuses(events)).toEqual(expected);
    }
  });

  it('refuses a tampered, a missing and a wrong-account signature with no events', async () => {
    const { host, id, hookUrl } = await setup();
    const params = {
      AccountSid: accountSid,
      CallSid: 'CA1',
      DialCallStatus: 'completed',
      DialCallDuration: '5',
    };
    const good = twilioWebhookRequest(authToken, hookUrl, { leg: 'dial' }, params);
    const deliver = async () => {
      throw new Error('nothing may be delivered');
    };
    const tampered = { ...good, rawBody: Buffer.from(good.rawBody.toString().replace('5', '5000')) };
    expect(await host.receivePhoneWebhook(id, tampered, deliver)).toMatchObject({ status: 403 });
    const { 'x-twilio-signature': _, ...unsigned } = good.headers;
    expect(await host.receivePhoneWebhook(id, { ...good, headers: unsigned }, deliver)).toMatchObject({
      status: 401,
    });
    // Signed for another URL (a replay against another install's hook).
    const elsewhere = twilioWebhookRequest(authToken, 'https://evil.test/hooks', { leg: 'dial' }, params);
    expect(await host.receivePhoneWebhook(id, elsewhere, deliver)).toMatchObject({ status: 403 });
    const other = twilioWebhookRequest(
      authToken,
      hookUrl,
      { leg: 'dial' },
      { ...params, AccountSid: `AC${'b2'.repeat(16)}` },
    );
    expect(await host.receivePhoneWebhook(id, other, deliver)).toMatchObject({ status: 403 });
    // The body is never read for an unsigned request.
    expect(await host.phoneWebhookGate(id, { method: 'POST', headers: {}, query: {} })).toMatchObject({
      refused: { status: 401 },
    });
  });

  it('inbound: connect sets the voice URL; a call to the number is an inbound event answered with a queue; accepting dials the agent', async () => {
    const { host, id, fake, events, hookUrl } = await setup();
    expect(await (await host.phone(id)).connect?.()).toEqual({ detail: `voice URL set for ${phoneNumber}` });
    expect(fake.number.voiceUrl).toBe(`${hookUrl}?leg=inbound`);
    const rung = await fake.ringInbound({ from: CUSTOMER });
    expect(rung.status).toBe(200);
    expect(rung.body).toMatch(/<Say language="en-US">Thank you for calling/);
    expect(rung.body).toMatch(/<Enqueue>parley-/);
    expect(events).toMatchObject([
      { type: 'call.inbound', externalCallId: rung.callSid, from: CUSTOMER, to: phoneNumber },
    ]);
    await host.connectInbound(id, { externalCallId: rung.callSid, agentNumber: AGENT });
    expect(fake.calls.get(rung.callSid)?.twiml).toContain(`<Number statusCallbackEvent="answered"`);
    await fake.finishInbound(rung.callSid, 30);
    expect(statuses(events)).toEqual(['call.inbound', 'answered', 'completed:30', 'completed']);
  });

  it('hangup ends the call at Twilio; ending one that ended already is fine', async () => {
    const { host, id, fake } = await setup();
    const { externalCallId } = await host.dial(id, { to: CUSTOMER, agentNumber: AGENT, callId: 'c1' });
    await host.hangupCall(id, externalCallId);
    expect(fake.calls.get(externalCallId)?.status).toBe('completed');
    await host.hangupCall(id, externalCallId);
  });

  it('maps Twilio’s 4xx, 5xx and 429 answers to PluginErrors of the right kind', async () => {
    const { host, id, fake } = await setup();
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) =>
          e as { kind: string; retryable: boolean; code?: string; retryAfterMs?: number; plugin?: string },
      );
    const invalid = await failure(host.dial(id, { to: '+1', agentNumber: AGENT, callId: 'c' }));
    expect(invalid).toMatchObject({ kind: 'input', retryable: false, plugin: 'phone-twilio' });
    fake.failNext(429);
    expect(await failure(host.dial(id, { to: CUSTOMER, agentNumber: AGENT, callId: 'c' }))).toMatchObject({
      kind: 'provider',
      retryable: true,
      code: '429',
      retryAfterMs: 1000,
    });
    fake.failNext(503);
    expect(await failure(host.dial(id, { to: CUSTOMER, agentNumber: AGENT, callId: 'c' }))).toMatchObject({
      kind: 'provider',
      retryable: true,
      code: '503',
    });
    // A number Twilio refuses (21211) is the input's fault, not to be retried.
    expect(await failure(host.dial(id, { to: '+1999', agentNumber: AGENT, callId: 'c' }))).toMatchObject({
      kind: 'input',
    });
    const wrongToken = createPluginHost({
      plugins: [plugin],
      logger: createTestLogger(),
      storage: createMemoryStorage(),
      secretKey: 'test-secret-key-0123456789',
      webhookUrl: () => 'https://parley.test/hooks/x',
    });
    const r = await wrongToken.createInstall({
      accountId: 'a',
      name: plugin.name,
      config: { accountSid, authToken: 'wrong-token-0123456789', phoneNumber, baseUrl: fake.url },
    });
    if (!r.ok) throw new Error('install');
    expect(
      await failure(wrongToken.dial(r.install.id, { to: CUSTOMER, agentNumber: AGENT, callId: 'c' })),
    ).toMatchObject({
      kind: 'auth',
      code: '401',
    });
    await wrongToken.close();
  });

  it('never shows the auth token back', async () => {
    const { host, id } = await setup();
    const shown = JSON.stringify(await host.readConfig(id));
    expect(shown).not.toContain(authToken);
  });
});
