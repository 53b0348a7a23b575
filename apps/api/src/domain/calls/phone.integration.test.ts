import { type FakeTwilio, startFakeTwilio } from '@parley/integrations/testing/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFor,
  createTestDeps,
  errorOf,
  recordBus,
  seedAccount,
  type TestDeps,
  waitFor,
} from '../../../test/harness';
import { type RunningServer, startServer } from '../../server';

// H2 through the API against a local fake of Twilio Programmable Voice (SQLite; PostgreSQL + Redis
// with DATABASE_URL and REDIS_URL): an agent dials, the fake plays the call and sends signed status
// callbacks to /hooks/<install>, the call record gets its duration and the credit settles on it; a
// short balance refuses the call; a call to the number rings the agents and Accept bridges the agent.

const accountSid = `AC${'c3'.repeat(16)}`;
const authToken = 'twilio-auth-token-0123456789';
const phoneNumber = '+15017122661';
const PUBLIC = 'http://localhost:3000';

let deps: TestDeps;
let server: RunningServer;
let twilio: FakeTwilio;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let installId: string;
let channelId: string;

const agent = () => callerFor(deps, acme.agent.token);
const owner = () => callerFor(deps, acme.owner.token);

beforeAll(async () => {
  deps = await createTestDeps();
  server = await startServer(deps);
  // Twilio calls PUBLIC_URL; here a "proxy" hands that to the test server.
  twilio = await startFakeTwilio({
    accountSid,
    authToken,
    phoneNumber,
    deliverTo: (url) => url.replace(PUBLIC, server.url),
  });
  acme = await seedAccount(deps, 'Acme');
  const created = await owner().integrations.addChannel({
    plugin: 'phone-twilio',
    name: 'Phone',
    config: { accountSid, authToken, phoneNumber, baseUrl: twilio.url },
  });
  installId = created.installId;
  channelId = created.channelId;
  expect(created.connected).toBe(`voice URL set for ${phoneNumber}`);
  expect(JSON.stringify(created.integration)).not.toContain(authToken);
  await owner().balance.topUp({ amount: 1000 });
});
afterAll(async () => {
  await server.close();
  await twilio.close();
  await deps.cleanup();
});

const callRow = (id: string) => deps.db.call.findUniqueOrThrow({ where: { id } });

describe('phone calls (H2, bridge)', () => {
  it('the channel is a phone channel; the agent sets their own number, normalised', async () => {
    expect((await deps.db.channel.findUniqueOrThrow({ where: { id: channelId } })).kind).toBe('phone');
    expect((await errorOf(agent().calls.setPhoneNumber({ number: '0532' }))).appCode).toBe(
      'call.invalid_number',
    );
    expect(await agent().calls.setPhoneNumber({ number: '+90 (555) 111-22-33' })).toEqual({
      number: '+905551112233',
    });
    expect(await agent().calls.phoneSettings()).toEqual({
      number: '+905551112233',
      channel: { installId, channelId, name: 'Twilio Voice' },
      channels: [{ installId, channelId, name: 'Twilio Voice', model: 'bridge' }],
    });
  });

  it('dial → signed callbacks → an ended call with the provider’s duration and settled credit', async () => {
    const events = await recordBus(deps, acme.account.id, 'console');
    expect((await errorOf(agent().calls.dial({ to: '12345' }))).appCode).toBe('call.invalid_number');
    const call = await agent().calls.dial({ to: '0090 532 123 45 67' });
    expect(call).toMatchObject({
      kind: 'phone',
      direction: 'outbound',
      status: 'ringing',
      phoneNumber: '+905321234567',
    });
    const row = await callRow(call.id);
    expect(row.externalCallId).toMatch(/^CA/);
    expect(row.agentNumber).toBe('+905551112233');
    // Turkey at 10 credits a minute: 60 minutes held of the 1000.
    expect((await owner().balance.get()).held).toBe(600);
    // The REST call rang the agent's phone first.
    expect(twilio.calls.get(row.externalCallId as string)?.to).toBe('+905551112233');

    const answers = await twilio.runOutbound(row.externalCallId as string, {
      customer: 'completed',
      durationSec: 73,
    });
    expect(answers).toEqual([200, 200, 200, 200, 200]);
    const ended = await callRow(call.id);
    expect(ended).toMatchObject({
      status: 'ended',
      durationSec: 73,
      cost: 20,
      endReason: 'completed',
      endedBy: 'provider',
    });
    expect(ended.answeredAt).not.toBeNull();
    expect(await owner().balance.get()).toMatchObject({ balance: 980, held: 0 });
    await waitFor(() =>
      events
        .ofType('call.updated')
        .some((e) => (e.payload as { call?: { status: string } }).call?.status === 'ended'),
    );

    // The CRM contact made for the number, and the call's line in its conversation.
    const visitor = await deps.db.visitor.findUniqueOrThrow({ where: { id: ended.visitorId as string } });
    expect(visitor.phone).toBe('+905321234567');
    const line = await deps.db.message.findFirstOrThrow({
      where: { conversationId: ended.conversationId as string, kind: 'system' },
      orderBy: { createdAt: 'desc' },
    });
    expect(line.body).toBe('Call, 1:13');

    // The next call to the same number is the same contact.
    const again = await agent().calls.dial({ to: '+905321234567' });
    expect((await callRow(again.id)).visitorId).toBe(visitor.id);
    await twilio.runOutbound((await callRow(again.id)).externalCallId as string, { customer: 'busy' });
    expect(await callRow(again.id)).toMatchObject({ status: 'declined', endReason: 'busy', cost: 0 });
    expect(await owner().balance.get()).toMatchObject({ balance: 980, held: 0 });

    const recent = await agent().calls.recentPhone();
    expect(recent.slice(0, 2).map((c) => [c.status, c.endReason, c.durationSec, c.visitor?.id])).toEqual([
      ['declined', 'busy', 0, visitor.id],
      ['ended', 'completed', 73, visitor.id],
    ]);
  });

  it('a redelivered or forged callback changes nothing', async () => {
    const call = await agent().calls.dial({ to: '+15550001234' });
    const sid = (await callRow(call.id)).externalCallId as string;
    await twilio.runOutbound(sid, { customer: 'completed', durationSec: 10 });
    const before = await callRow(call.id);
    // Redelivered: the call has ended; it stays as it was.
    const again = await twilio.callback(`${PUBLIC}/hooks/${installId}?leg=dial`, {
      CallSid: sid,
      DialCallStatus: 'completed',
      DialCallDuration: '999',
    });
    expect(again.status).toBe(200);
    expect(await callRow(call.id)).toEqual(before);
    // Forged (no signature): refused before the body is read.
    const forged = await fetch(`${server.url}/hooks/${installId}?leg=dial`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `AccountSid=${accountSid}&CallSid=${sid}&DialCallStatus=completed&DialCallDuration=5`,
    });
    expect(forged.status).toBe(401);
  });

  it('refuses a call the balance cannot pay for, with nothing left behind', async () => {
    // Another account with its own Twilio account (one number has one voice URL).
    const betaTwilio = await startFakeTwilio({ accountSid, authToken, phoneNumber });
    const beta = await seedAccount(deps, 'Beta');
    const betaOwner = callerFor(deps, beta.owner.token);
    await betaOwner.integrations.addChannel({
      plugin: 'phone-twilio',
      name: 'Phone',
      config: { accountSid, authToken, phoneNumber, baseUrl: betaTwilio.url },
    });
    await betaOwner.balance.topUp({ amount: 9 });
    await betaOwner.calls.setPhoneNumber({ number: '+905551112299' });
    const error = await errorOf(betaOwner.calls.dial({ to: '+905321234567' }));
    expect(error.appCode).toBe('call.balance_short');
    expect(await deps.db.call.count({ where: { accountId: beta.account.id } })).toBe(0);
    expect(betaTwilio.calls.size).toBe(0);
    await betaTwilio.close();
    // Without a number of their own the agent is told so first.
    expect(
      (await errorOf(callerFor(deps, beta.agent.token).calls.dial({ to: '+905321234567' }))).appCode,
    ).toBe('call.no_agent_number');
  });

  it('a provider failure ends the call as failed and releases the credit', async () => {
    twilio.failNext(503);
    const error = await errorOf(agent().calls.dial({ to: '+905321234567' }));
    expect(error.appCode).toBe('call.provider_failed');
    const failed = await deps.db.call.findFirstOrThrow({
      where: { accountId: acme.account.id },
      orderBy: { startedAt: 'desc' },
    });
    expect(failed).toMatchObject({ status: 'failed', endReason: 'provider' });
    expect((await owner().balance.get()).held).toBe(0);
  });

  it('an inbound call rings the agents with a phone; Accept bridges the agent’s phone; it settles', async () => {
    await agent().calls.setPhoneNumber({ number: '+905551112233' });
    // Online with a fresh heartbeat (the running server's sweep sets silent agents offline). The
    // owner is online too but has no number of their own: a bridge could not reach them.
    await deps.db.user.updateMany({
      where: { id: { in: [acme.agent.id, acme.owner.id] } },
      data: { presence: 'online', lastSeenAt: new Date() },
    });
    const events = await recordBus(deps, acme.account.id, 'console');
    const balance = (await owner().balance.get()).balance;
    const rung = await twilio.ringInbound({ from: '+447700900123' });
    expect(rung.status).toBe(200);
    expect(rung.body).toContain('<Enqueue>');
    await waitFor(() => events.ofType('call.ringing').length > 0);
    const ringing = events.ofType('call.ringing')[0];
    expect(ringing?.audience).toEqual([acme.agent.id]);
    const call = await deps.db.call.findFirstOrThrow({ where: { externalCallId: rung.callSid } });
    expect(call).toMatchObject({ direction: 'inbound', status: 'ringing', phoneNumber: '+447700900123' });
    expect((await agent().calls.current()).calls.map((c) => c.id)).toEqual([call.id]);
    // A redelivered inbound webhook rings nothing new.
    expect(await deps.db.call.count({ where: { externalCallId: rung.callSid } })).toBe(1);

    await agent().calls.accept({ callId: call.id });
    expect(twilio.calls.get(rung.callSid)?.twiml).toContain('+905551112233');
    await twilio.finishInbound(rung.callSid, 30);
    expect(await callRow(call.id)).toMatchObject({
      status: 'ended',
      durationSec: 30,
      cost: 1,
      agentId: acme.agent.id,
    });
    expect((await owner().balance.get()).balance).toBe(balance - 1);
    const visitor = await deps.db.visitor.findUniqueOrThrow({ where: { id: call.visitorId as string } });
    expect(visitor.phone).toBe('+447700900123');
  });

  it('an inbound call nobody can take is missed and hung up at the provider', async () => {
    await deps.db.user.updateMany({ where: { accountId: acme.account.id }, data: { presence: 'offline' } });
    const rung = await twilio.ringInbound({ from: '+447700900999' });
    expect(rung.status).toBe(200);
    const call = await deps.db.call.findFirstOrThrow({ where: { externalCallId: rung.callSid } });
    expect(call).toMatchObject({ status: 'missed', endReason: 'no-agents' });
    await waitFor(() => twilio.calls.get(rung.callSid)?.status === 'completed');
  });
});
