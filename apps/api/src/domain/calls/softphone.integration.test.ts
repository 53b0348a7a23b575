import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFor,
  createTestDeps,
  errorOf,
  recordBus,
  seedAccount,
  type TestDeps,
} from '../../../test/harness';
import { missUnansweredCalls } from './sweep';

// H2, the softphone model through the API (SQLite; PostgreSQL + Redis with DATABASE_URL and
// REDIS_URL): an admin adds the built-in `phone-sip` channel; its agents get SIP credentials (short-
// lived, computed from the sealed shared secret); the console's lifecycle reports become Call rows,
// once per SIP Call-ID, linked to the CRM contact by number and recorded in its conversation.

const secret = 'kamailio-shared-secret-0123';
const config = {
  wsUrl: 'wss://sip.example.com:7443',
  domain: 'sip.example.com',
  sharedSecret: secret,
  credentialMinutes: 60,
};

let deps: TestDeps;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
let channelId: string;
let installId: string;

const agent = () => callerFor(deps, acme.agent.token);
const admin = () => callerFor(deps, acme.admin.token);

beforeAll(async () => {
  deps = await createTestDeps();
  acme = await seedAccount(deps, 'Acme');
  other = await seedAccount(deps, 'Other');
  const created = await callerFor(deps, acme.owner.token).integrations.addChannel({
    plugin: 'phone-sip',
    name: 'SIP',
    config,
  });
  channelId = created.channelId;
  installId = created.installId;
  expect(JSON.stringify(created)).not.toContain(secret);
  // Only the agent serves the SIP channel (E3); the admin does not.
  await callerFor(deps, acme.owner.token).agents.update({ userId: acme.agent.id, channelIds: [channelId] });
});
afterAll(() => deps.cleanup());

const callByCallId = (sipCallId: string) =>
  deps.db.call.findFirst({ where: { installId, externalCallId: sipCallId } });

describe('SIP softphone channel (H2, softphone model)', () => {
  it('the secret is sealed at rest and never shown back', async () => {
    const row = await deps.db.pluginInstall.findUniqueOrThrow({ where: { id: installId } });
    expect(row.config).not.toContain(secret);
    const shown = await callerFor(deps, acme.owner.token).integrations.list();
    expect(JSON.stringify(shown)).not.toContain(secret);
  });

  it('phoneSettings lists the channel with its model for the agents who serve it', async () => {
    const mine = await agent().calls.phoneSettings();
    expect(mine.channels).toEqual([
      { installId, channelId, name: 'SIP phone (WebSocket)', model: 'softphone' },
    ]);
    // The bridge `channel` (dial through a provider) is not the SIP one.
    expect(mine.channel).toBeNull();
    expect((await admin().calls.phoneSettings()).channels).toEqual([]);
  });

  it('hands short-lived credentials to members only, never to another account', async () => {
    const before = Math.floor(Date.now() / 1000);
    const creds = await agent().calls.softphoneCredentials({ channelId });
    const user = `agent-${acme.agent.id.replace(/-/g, '')}`;
    expect(creds).toMatchObject({
      channelId,
      wsUrl: 'wss://sip.example.com:7443',
      sipUri: `sip:${user}@sip.example.com`,
      displayName: expect.any(String),
      iceServers: expect.any(Array),
    });
    const expiry = Number(creds.authorizationUser.split(':')[0]);
    expect(expiry).toBeGreaterThanOrEqual(before + 3600);
    expect(expiry).toBeLessThanOrEqual(before + 3602);
    expect(creds.authorizationUser).toBe(`${expiry}:${user}`);
    // The TURN REST / auth_ephemeral scheme, computed here independently of the plugin.
    expect(creds.password).toBe(createHmac('sha1', secret).update(creds.authorizationUser).digest('base64'));
    expect(Date.parse(creds.expiresAt ?? '')).toBe(expiry * 1000);

    // Not a member of the channel, another account's agent, a website channel: all "not found".
    expect((await errorOf(admin().calls.softphoneCredentials({ channelId }))).appCode).toBe(
      'call.no_softphone_channel',
    );
    expect(
      (await errorOf(callerFor(deps, other.owner.token).calls.softphoneCredentials({ channelId }))).code,
    ).toBe('NOT_FOUND');
    expect((await errorOf(callerFor(deps).calls.softphoneCredentials({ channelId }))).code).toBe(
      'UNAUTHORIZED',
    );
  });

  it('an incoming call rings the card, is answered and ended, recorded once', async () => {
    const events = await recordBus(deps, acme.account.id, 'console');
    const sipCallId = 'a84b4c76e66710@pc33.example.com';
    const incoming = {
      channelId,
      sipCallId,
      event: 'incoming' as const,
      from: 'sip:+905321234567@carrier.test',
    };
    const first = await agent().calls.softphoneEvent(incoming);
    const again = await agent().calls.softphoneEvent(incoming);
    expect(again.call.id).toBe(first.call.id);
    expect(first.call).toMatchObject({
      direction: 'inbound',
      kind: 'phone',
      status: 'ringing',
      phoneNumber: '+905321234567',
    });
    expect(events.ofType('call.ringing')).toHaveLength(1);

    // Linked to the CRM contact by number.
    const visitor = await deps.db.visitor.findFirstOrThrow({ where: { id: first.call.visitorId ?? '' } });
    expect(visitor.phone).toBe('+905321234567');

    await agent().calls.softphoneEvent({ channelId, sipCallId, event: 'answered' });
    await agent().calls.softphoneEvent({ channelId, sipCallId, event: 'answered' });
    const answered = await callByCallId(sipCallId);
    expect(answered?.status).toBe('active');
    expect(answered?.agentId).toBe(acme.agent.id);
    expect(answered?.ringingMs).toBeGreaterThanOrEqual(0);

    await agent().calls.softphoneEvent({ channelId, sipCallId, event: 'ended', reason: 'remote-hangup' });
    await agent().calls.softphoneEvent({ channelId, sipCallId, event: 'ended', reason: 'hangup' });
    const ended = await callByCallId(sipCallId);
    expect(ended).toMatchObject({ status: 'ended', endedBy: 'visitor', endReason: 'remote-hangup' });
    expect(await deps.db.call.count({ where: { installId, externalCallId: sipCallId } })).toBe(1);
    // One call line in the contact's conversation.
    const lines = await deps.db.message.findMany({ where: { conversationId: ended?.conversationId ?? '' } });
    expect(lines.filter((m) => m.body.startsWith('Call'))).toHaveLength(1);
    // In the agent's recent calls.
    expect((await agent().calls.recentPhone({})).map((c) => c.id)).toContain(ended?.id);
    events.stop();
  });

  it('an outgoing call to a busy number ends declined; a declined incoming one too', async () => {
    const out = await agent().calls.softphoneEvent({
      channelId,
      sipCallId: 'out-1@parley',
      event: 'outgoing',
      to: '+90 (532) 765 43 21',
    });
    expect(out.call).toMatchObject({
      direction: 'outbound',
      status: 'ringing',
      phoneNumber: '+905327654321',
    });
    await agent().calls.softphoneEvent({ channelId, sipCallId: 'out-1@parley', event: 'ringing' });
    await agent().calls.softphoneEvent({
      channelId,
      sipCallId: 'out-1@parley',
      event: 'ended',
      reason: 'busy',
    });
    expect((await callByCallId('out-1@parley'))?.status).toBe('declined');

    await agent().calls.softphoneEvent({
      channelId,
      sipCallId: 'in-2@x',
      event: 'incoming',
      from: 'sip:sipp@127.0.0.1',
    });
    await agent().calls.softphoneEvent({ channelId, sipCallId: 'in-2@x', event: 'declined' });
    const declined = await callByCallId('in-2@x');
    expect(declined?.status).toBe('declined');
    // A caller without a number is a contact known by its SIP user on this channel.
    const visitor = await deps.db.visitor.findFirstOrThrow({ where: { id: declined?.visitorId ?? '' } });
    expect(visitor.name).toBe('sipp');

    await agent().calls.softphoneEvent({ channelId, sipCallId: 'in-3@x', event: 'incoming' });
    await agent().calls.softphoneEvent({
      channelId,
      sipCallId: 'in-3@x',
      event: 'ended',
      reason: 'canceled',
    });
    expect((await callByCallId('in-3@x'))?.status).toBe('missed');
  });

  it('refuses reports on others’ calls, other accounts and bad input', async () => {
    await agent().calls.softphoneEvent({ channelId, sipCallId: 'mine@x', event: 'outgoing', to: '1001' });
    // The admin does not serve the channel; another account does not see it.
    expect(
      (
        await errorOf(
          admin().calls.softphoneEvent({ channelId, sipCallId: 'mine@x', event: 'ended', reason: 'hangup' }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await errorOf(
          callerFor(deps, other.agent.token).calls.softphoneEvent({
            channelId,
            sipCallId: 'mine@x',
            event: 'answered',
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect((await callByCallId('mine@x'))?.status).toBe('ringing');
    // Unknown call, spaces in a Call-ID, an unknown event.
    expect(
      (await errorOf(agent().calls.softphoneEvent({ channelId, sipCallId: 'nope@x', event: 'answered' })))
        .code,
    ).toBe('NOT_FOUND');
    expect(
      (await errorOf(agent().calls.softphoneEvent({ channelId, sipCallId: 'a b', event: 'answered' }))).code,
    ).toBe('BAD_REQUEST');
    expect(
      (
        await errorOf(
          agent().calls.softphoneEvent({ channelId, sipCallId: 'x@y', event: 'exploded' } as never),
        )
      ).code,
    ).toBe('BAD_REQUEST');
  });

  it('an active SIP call whose tab closed ends at its last sign of life; bridged calls are not swept', async () => {
    const sipCallId = 'closed-tab@x';
    await agent().calls.softphoneEvent({ channelId, sipCallId, event: 'incoming', from: 'sip:1002@x' });
    const { call } = await agent().calls.softphoneEvent({ channelId, sipCallId, event: 'answered' });
    // A provider-bridged call (no console audio: aliveAt stays null), long silent, is not the sweep's.
    const bridged = await deps.db.call.create({
      data: {
        accountId: acme.account.id,
        agentId: acme.agent.id,
        direction: 'outbound',
        via: 'phone-bridge',
        kind: 'phone',
        status: 'active',
        startedAt: new Date(Date.now() - 600_000),
        answeredAt: new Date(Date.now() - 600_000),
      },
    });
    const sweep = () => missUnansweredCalls({ ...deps, silentAfterMs: 60_000 });
    // The console beats with the call in it: alive.
    await deps.db.call.update({ where: { id: call.id }, data: { aliveAt: new Date(Date.now() - 120_000) } });
    await agent().presence.heartbeat({ calls: [call.id] });
    await sweep();
    expect((await callByCallId(sipCallId))?.status).toBe('active');

    // The tab closes mid-call: no beat, no `ended` report. 45 s after the answer came the last beat.
    const answeredAt = new Date(Date.now() - 200_000);
    await deps.db.call.update({
      where: { id: call.id },
      data: { answeredAt, aliveAt: new Date(answeredAt.getTime() + 45_000) },
    });
    const events = await recordBus(deps, acme.account.id, 'console');
    await sweep();
    const ended = await callByCallId(sipCallId);
    expect(ended).toMatchObject({
      status: 'ended',
      endedBy: 'system',
      endReason: 'console-lost',
      durationSec: 45,
    });
    expect(events.ofType('call.updated')).toHaveLength(1);
    events.stop();
    const lines = await deps.db.message.findMany({ where: { conversationId: ended?.conversationId ?? '' } });
    expect(lines.filter((m) => m.body === 'Call, 0:45')).toHaveLength(1);
    // A late report from a console that comes back changes nothing.
    await agent().calls.softphoneEvent({ channelId, sipCallId, event: 'ended', reason: 'hangup' });
    expect((await callByCallId(sipCallId))?.endReason).toBe('console-lost');
    expect((await deps.db.call.findUniqueOrThrow({ where: { id: bridged.id } })).status).toBe('active');
    await deps.db.call.delete({ where: { id: bridged.id } });
  });

  it('the bridge dial does not go through a SIP channel', async () => {
    await agent().calls.setPhoneNumber({ number: '+905551112233' });
    expect((await errorOf(agent().calls.dial({ to: '+905321234567', channelId }))).appCode).toBe(
      'call.no_phone_channel',
    );
  });
});
