import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFor,
  createTestDeps,
  errorOf,
  recordBus,
  seedAccount,
  type TestDeps,
  visitorCaller,
  waitFor,
} from '../../../test/harness';
import { missUnansweredCalls } from './sweep';

// H1: the call state machine on a real database (SQLite; PostgreSQL + Redis with DATABASE_URL and
// REDIS_URL): ringing → first accept wins → signalling between the two parties only → hang-up, and
// declined, missed by the visitor, missed by the ring timeout (once), each leaving its record line.

let deps: TestDeps;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let channelId: string;
let channelKey: string;
let ip = 10;

async function visitor() {
  const started = await callerFor(deps, undefined, `198.51.100.${ip}`).widget.start({
    channelKey,
    page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
  });
  const api = visitorCaller(deps, started.visitorToken, `198.51.100.${ip++}`);
  return { ...started, api };
}

const owner = () => callerFor(deps, acme.owner.token);
const agent = () => callerFor(deps, acme.agent.token);

beforeAll(async () => {
  deps = await createTestDeps({
    env: { ICE_SERVERS: '[{"urls":"turn:turn.shop.test:3478"}]', TURN_SECRET: 'turn-secret-1' },
  });
  acme = await seedAccount(deps, 'Acme');
  const channel = await callerFor(deps, acme.admin.token).channels.create({ kind: 'website', name: 'Shop' });
  channelId = channel.id;
  channelKey = channel.publicKey;
});
afterAll(() => deps.cleanup());

describe('calls (H1)', () => {
  it('refuses a call where the channel does not allow calls, and when no agent is online', async () => {
    const v = await visitor();
    expect((await errorOf(v.api.calls.start())).appCode).toBe('call.not_allowed');
    await callerFor(deps, acme.admin.token).channels.update({
      id: channelId,
      config: { calls: { enabled: true, ringSeconds: 30 } },
    });
    expect((await errorOf(v.api.calls.start())).appCode).toBe('call.no_agents');
  });

  it('rings the online agents; of two accepting at once exactly one gets the call', async () => {
    await deps.db.user.updateMany({
      where: { id: { in: [acme.owner.id, acme.agent.id] } },
      data: { presence: 'online' },
    });
    const v = await visitor();
    const consoleEvents = await recordBus(deps, acme.account.id, 'console');
    const started = await v.api.calls.start();
    expect(started.call.status).toBe('ringing');
    // TURN REST API credentials, made for this visitor.
    expect(started.iceServers[0]?.username).toMatch(new RegExp(`^\\d+:${v.visitor.id}$`));
    await waitFor(() => consoleEvents.ofType('call.ringing').length > 0);
    expect(consoleEvents.ofType('call.ringing')[0]?.audience?.sort()).toEqual(
      [acme.owner.id, acme.agent.id].sort(),
    );
    expect((await agent().calls.current()).calls.map((c) => c.id)).toEqual([started.call.id]);

    const results = await Promise.allSettled([
      owner().calls.accept({ callId: started.call.id }),
      agent().calls.accept({ callId: started.call.id }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((lost.reason as { cause?: { code?: string } }).cause?.code).toBe('call.taken');
    const winner = (
      won[0] as PromiseFulfilledResult<Awaited<ReturnType<ReturnType<typeof agent>['calls']['accept']>>>
    ).value;
    expect(winner.call.status).toBe('active');
    const winnerId = winner.call.agent?.id as string;
    // The others' ringing stops: the accepted state reaches everyone rung.
    await waitFor(() => consoleEvents.ofType('call.updated').length > 0);
    expect(consoleEvents.ofType('call.updated')[0]?.audience?.sort()).toEqual(
      [acme.owner.id, acme.agent.id].sort(),
    );
    // Whoever answered also has the chat.
    const conversationId = winner.call.conversationId as string;
    const chat = await deps.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(chat.assigneeId).toBe(winnerId);

    // Signalling: only between the visitor and the agent who took the call, size-limited.
    const winnerApi = winnerId === acme.owner.id ? owner() : agent();
    const loserApi = winnerId === acme.owner.id ? agent() : owner();
    await v.api.calls.visitorSignal({ callId: started.call.id, signal: { kind: 'offer', sdp: 'v=0 offer' } });
    await waitFor(() => consoleEvents.ofType('call.signal').length > 0);
    const relayed = consoleEvents.ofType('call.signal')[0];
    expect(relayed?.audience).toEqual([winnerId]);
    expect(relayed?.ephemeral).toBe(true);
    const visitorEvents = await recordBus(deps, acme.account.id, `visitor:${v.visitor.id}`);
    await winnerApi.calls.signal({
      callId: started.call.id,
      signal: {
        kind: 'candidate',
        candidate: {
          candidate: 'candidate:1 1 udp 1 192.0.2.1 5000 typ host',
          sdpMid: '0',
          sdpMLineIndex: 0,
        },
      },
    });
    await waitFor(() => visitorEvents.ofType('call.signal').length > 0);
    expect(
      (
        await errorOf(
          loserApi.calls.signal({ callId: started.call.id, signal: { kind: 'answer', sdp: 'x' } }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await errorOf(
          winnerApi.calls.signal({
            callId: started.call.id,
            signal: { kind: 'answer', sdp: 'x'.repeat(20_001) },
          }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    const other = await visitor();
    expect(
      (
        await errorOf(
          other.api.calls.visitorSignal({ callId: started.call.id, signal: { kind: 'offer', sdp: 'x' } }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect((await errorOf(loserApi.calls.hangup({ callId: started.call.id }))).code).toBe('NOT_FOUND');

    // Hang-up ends it for both; the record line is in the conversation and the Archive finds it.
    const ended = await winnerApi.calls.hangup({ callId: started.call.id });
    expect(ended.status).toBe('ended');
    expect(ended.durationSec).toBeGreaterThanOrEqual(0);
    expect(ended.ringingMs).toBeGreaterThanOrEqual(0);
    await v.api.calls.visitorHangup({ callId: started.call.id }); // already over: no second record
    const history = (await v.api.widget.history({})).messages.filter((m) => m.system?.event === 'call');
    expect(history).toHaveLength(1);
    expect(history[0]?.system?.call?.outcome).toBe('answered');
    const answered = await owner().chats.archive({ calls: 'answered' });
    expect(answered.items.map((c) => c.id)).toEqual([conversationId]);
    expect((await owner().chats.archive({ calls: 'missed' })).items).toEqual([]);
    consoleEvents.stop();
    visitorEvents.stop();
  });

  it('is declined once every agent rung declines', async () => {
    const one = await visitor();
    const first = await one.api.calls.start();
    expect((await owner().calls.decline({ callId: first.call.id })).status).toBe('ringing');
    await one.api.calls.visitorHangup({ callId: first.call.id });
    const v = await visitor();
    const { call } = await v.api.calls.start();
    // Both at once: each decline counts (compare-and-swap), so the call is declined, not left ringing.
    await Promise.all([
      owner().calls.decline({ callId: call.id }),
      agent().calls.decline({ callId: call.id }),
    ]);
    expect((await deps.db.call.findUniqueOrThrow({ where: { id: call.id } })).status).toBe('declined');
    expect((await errorOf(owner().calls.accept({ callId: call.id }))).appCode).toBe('call.over');
    const row = await deps.db.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(row.endedBy).toBe('agent');
  });

  it("a visitor's new call ends the one a page left behind", async () => {
    const v = await visitor();
    const first = await v.api.calls.start();
    await agent().calls.accept({ callId: first.call.id });
    const second = await v.api.calls.start();
    expect(second.call.status).toBe('ringing');
    const old = await deps.db.call.findUniqueOrThrow({ where: { id: first.call.id } });
    expect([old.status, old.endedBy]).toEqual(['ended', 'visitor']);
    await v.api.calls.visitorHangup({ callId: second.call.id });
  });

  it('is missed when the visitor gives up ringing', async () => {
    const v = await visitor();
    const { call } = await v.api.calls.start();
    await v.api.calls.visitorHangup({ callId: call.id });
    const row = await deps.db.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(row.status).toBe('missed');
    expect(row.endedBy).toBe('visitor');
  });

  it('is missed when nobody answers in time, once, even if the sweep runs twice', async () => {
    const v = await visitor();
    const { call } = await v.api.calls.start();
    const row = await deps.db.call.findUniqueOrThrow({ where: { id: call.id } });
    // The channel's ring time (30 s) sets the deadline.
    expect(row.ringUntil!.getTime() - row.startedAt.getTime()).toBe(30_000);
    expect(await missUnansweredCalls(deps)).toBe(0);
    await deps.db.call.update({ where: { id: call.id }, data: { ringUntil: new Date(Date.now() - 1) } });
    const [first, second] = await Promise.all([missUnansweredCalls(deps), missUnansweredCalls(deps)]);
    expect((first ?? 0) + (second ?? 0)).toBe(1);
    const missed = await deps.db.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(missed.status).toBe('missed');
    expect(missed.endedBy).toBe('timeout');
    const lines = (await v.api.widget.history({})).messages.filter((m) => m.system?.event === 'call');
    expect(lines.map((m) => m.system?.call?.outcome)).toEqual(['missed']);
    expect((await owner().chats.archive({ calls: 'missed' })).items.length).toBeGreaterThanOrEqual(2);
  });
  it('ends an active call whose console stopped listing it (both sides gone), up to its last sign of life', async () => {
    const v = await visitor();
    const { call } = await v.api.calls.start();
    await agent().calls.accept({ callId: call.id });
    const silentFor = async (ms: number) =>
      deps.db.call.update({
        where: { id: call.id },
        data: { answeredAt: new Date(Date.now() - ms - 30_000), aliveAt: new Date(Date.now() - ms) },
      });
    // The console's beat lists the call: alive. Another agent's beat naming it counts for nothing.
    await silentFor(90_000);
    await owner().presence.heartbeat({ calls: [call.id] });
    expect(
      (await deps.db.call.findUniqueOrThrow({ where: { id: call.id } })).aliveAt!.getTime(),
    ).toBeLessThan(Date.now() - 60_000);
    await agent().presence.heartbeat({ calls: [call.id] });
    await missUnansweredCalls({ ...deps, silentAfterMs: 60_000 });
    expect((await deps.db.call.findUniqueOrThrow({ where: { id: call.id } })).status).toBe('active');

    // The tab closed and the visitor's page too; the agent stays online in another tab, whose beats
    // no longer name the call.
    await silentFor(90_000);
    await agent().presence.heartbeat();
    const events = await recordBus(deps, acme.account.id, 'console');
    await Promise.all([
      missUnansweredCalls({ ...deps, silentAfterMs: 60_000 }),
      missUnansweredCalls({ ...deps, silentAfterMs: 60_000 }),
    ]);
    const ended = await deps.db.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(ended).toMatchObject({ status: 'ended', endedBy: 'system', endReason: 'console-lost' });
    // Counted up to the last beat (30 s after the answer), not up to the sweep.
    expect(ended.durationSec).toBe(30);
    const updates = () =>
      events
        .ofType('call.updated')
        .filter((e) => (e.payload as { call: { id: string } }).call.id === call.id);
    await waitFor(() => updates().length > 0);
    expect(updates()).toHaveLength(1);
    events.stop();
    const lines = (await v.api.widget.history({})).messages.filter(
      (m) => m.system?.event === 'call' && m.system.call?.id === call.id,
    );
    expect(lines.map((m) => [m.system?.call?.outcome, m.system?.call?.durationSec])).toEqual([
      ['answered', 30],
    ]);
  });
});
