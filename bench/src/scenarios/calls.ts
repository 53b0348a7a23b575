import { type BenchVisitor, connectAgent, connectVisitor, pool } from '../lib/clients';
import { header, saveResult } from '../lib/results';
import { agentEmail, ownerEmail, seedAccount } from '../lib/seed';
import { startTarget } from '../lib/server';
import { fmt, log, nowMs, percentiles, sleep } from '../lib/util';
import { envNum } from './common';

/** An SDP of a browser's audio offer is 2–6 KB; the server relays it as it is. */
const FAKE_SDP = `v=0\r\n${'a=candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host\r\n'.repeat(60)}`;

type Waiter = { until: (check: () => boolean) => Promise<void>; wake: () => void };
function waiter(): Waiter {
  const pending = new Set<() => void>();
  return {
    wake: () => {
      for (const w of pending) w();
    },
    until: (check) =>
      new Promise((resolve, reject) => {
        if (check()) return resolve();
        const timer = setTimeout(() => reject(new Error('timed out')), 15_000);
        const w = () => {
          if (!check()) return;
          clearTimeout(timer);
          pending.delete(w);
          resolve();
        };
        pending.add(w);
      }),
  };
}

/**
 * H1 calls: the server's part of a call (no media: it only relays signals). Measures, on one SQLite
 * process, the ring delay (`calls.start` sent → the agent's `call.ringing`), the signalling delay
 * (the visitor's offer sent → the agent's answer received by the visitor, both relayed through the
 * server over the two WebSockets) for calls one after another, and the server memory per active
 * call (heap after GC with N visitors connected, before and after each has an active call).
 */
export async function calls() {
  const sequential = envNum('BENCH_CALLS', 100);
  const held = envNum('BENCH_ACTIVE_CALLS', 200);
  const target = await startTarget({ mode: 'sqlite', seed: (d) => seedAccount(d, 1).then(() => {}) });
  const api = target.procs[0]!;
  const ring: number[] = [];
  const signalling: number[] = [];
  let before = 0;
  let after = 0;
  const visitors: BenchVisitor[] = [];
  try {
    const owner = await connectAgent(api.url, ownerEmail, {}, { subscribe: false });
    const channel = await owner.http.channels.create.mutate({
      kind: 'website',
      name: 'Bench calls',
      config: { calls: { enabled: true, ringSeconds: 120 } },
    });
    await owner.http.presence.set.mutate({ presence: 'away' });
    owner.close();

    const agentEvents = waiter();
    const ringingAt = new Map<string, number>();
    const offers = new Set<string>();
    let agentRef: Awaited<ReturnType<typeof connectAgent>> | null = null;
    const agent = await connectAgent(api.url, agentEmail(0), {
      onEvent: (e, at) => {
        const call = e.call as { id: string } | undefined;
        if (e.type === 'call.ringing' && call) ringingAt.set(call.id, at);
        if (e.type === 'call.signal' && (e.signal as { kind: string }).kind === 'offer') {
          const callId = e.callId as string;
          offers.add(callId);
          void agentRef?.client.calls.signal.mutate({ callId, signal: { kind: 'answer', sdp: FAKE_SDP } });
        }
        agentEvents.wake();
      },
    });
    agentRef = agent;
    await agent.http.presence.set.mutate({ presence: 'online' });

    /** One visitor's call to active; with `measure`, the offer → answer round trip too. */
    async function callOnce(measure: boolean) {
      const events = waiter();
      let active = false;
      let answeredAt = 0;
      const v = await connectVisitor(api.url, channel.publicKey, {
        onEvent: (e) => {
          if (e.type === 'call.updated' && (e.call as { status: string }).status === 'active') active = true;
          if (e.type === 'call.signal' && (e.signal as { kind: string }).kind === 'answer')
            answeredAt = nowMs();
          events.wake();
        },
      });
      visitors.push(v);
      const t0 = nowMs();
      const { call } = await v.client.calls.start.mutate();
      await agentEvents.until(() => ringingAt.has(call.id));
      if (measure) ring.push((ringingAt.get(call.id) ?? t0) - t0);
      await agent.client.calls.accept.mutate({ callId: call.id });
      await events.until(() => active);
      if (!measure) return { v, callId: call.id };
      const t1 = nowMs();
      await v.client.calls.visitorSignal.mutate({
        callId: call.id,
        signal: { kind: 'offer', sdp: FAKE_SDP },
      });
      await events.until(() => answeredAt > 0);
      signalling.push(answeredAt - t1);
      return { v, callId: call.id };
    }

    for (let i = 0; i < sequential; i++) {
      const { v, callId } = await callOnce(true);
      await v.client.calls.visitorHangup.mutate({ callId });
      v.close();
      visitors.pop();
    }
    log(`ring p50 ${fmt(percentiles(ring).p50)} ms, offer→answer p50 ${fmt(percentiles(signalling).p50)} ms`);

    // Memory: N connected visitors, then the same N each in an active call.
    const idleVisitors = await pool(Array.from({ length: held }), 16, () =>
      connectVisitor(api.url, channel.publicKey, {}),
    );
    await sleep(1000);
    before = ((await api.heap())?.heapUsed ?? 0) / 1024;
    await pool(idleVisitors, 8, async (v) => {
      const { call } = await v.client.calls.start.mutate();
      await agentEvents.until(() => ringingAt.has(call.id));
      await agent.client.calls.accept.mutate({ callId: call.id });
    });
    await sleep(1000);
    after = ((await api.heap())?.heapUsed ?? 0) / 1024;
    for (const v of idleVisitors) v.close();
    agent.close();
  } finally {
    for (const v of visitors) v.close();
    await target.cleanup();
  }
  const r = percentiles(ring);
  const s = percentiles(signalling);
  const perCall = (after - before) / held;
  const md = `## Calls (H1): signalling delay and memory per active call

${header(`SQLite, 1 API process; ${sequential} calls one after another (visitor and agent over their WebSockets, the agent answering each offer at once; a ${Math.round(FAKE_SDP.length / 1024)} KB SDP each way), then ${held} visitors each in an active call; no media (the server only relays signals)`)}

| figure | p50 | p95 | p99 | max |
|---|---|---|---|---|
| ring delay (calls.start sent → the agent's call.ringing) | ${fmt(r.p50)} ms | ${fmt(r.p95)} ms | ${fmt(r.p99)} ms | ${fmt(r.max)} ms |
| signalling delay (offer sent → answer received, through the server both ways) | ${fmt(s.p50)} ms | ${fmt(s.p95)} ms | ${fmt(s.p99)} ms | ${fmt(s.max)} ms |

Server JS heap after GC with ${held} visitors connected: ${fmt(before / 1024)} MB; with each of them in an active call: ${fmt(after / 1024)} MB, i.e. **${fmt(perCall)} KB per active call** (the call's state is its database row; nothing is held in memory per call besides the sockets both sides already have).`;
  saveResult(
    'calls',
    { sequential, held, ring, signalling, heapBeforeKb: before, heapAfterKb: after, perCallKb: perCall },
    md,
  );
}
