import {
  type BenchAgent,
  type BenchVisitor,
  connectAgent,
  connectVisitor,
  pool,
  readStamp,
  sentence,
  stampBody,
} from './clients';
import { agentEmail } from './seed';
import { log, type Percentiles, percentiles, procCpuSeconds, procStatus, sleep } from './util';

export interface LoadWorld {
  urls: string[];
  visitors: BenchVisitor[];
  agents: BenchAgent[];
  /** conversationId → index of the agent who accepted it */
  owner: Map<string, number>;
  /** visitor index → conversation id */
  convOf: string[];
  rec: Recorder;
  stopPings(): void;
  close(): void;
}

export class Recorder {
  v2a: number[] = [];
  a2v: number[] = [];
  ackV: number[] = [];
  ackA: number[] = [];
  consoleEvents = 0;
  widgetEvents = 0;
  typingEvents = 0;
  errors = new Map<string, number>();
  /** seq → sentAt for sends acknowledged and not yet delivered */
  pendingV = new Map<number, number>();
  pendingA = new Map<number, number>();
  ackedV = 0;
  ackedA = 0;
  deliveredV = 0;
  deliveredA = 0;
  duplicates = 0;
  /** Live streams the server ended (slow consumers cut off) and the harness resumed from their last event id. */
  resumes = 0;
  seen = new Set<number>();
  active = false;
  reset() {
    this.v2a = [];
    this.a2v = [];
    this.ackV = [];
    this.ackA = [];
    this.consoleEvents = this.widgetEvents = this.typingEvents = 0;
    this.errors.clear();
    this.pendingV.clear();
    this.pendingA.clear();
    this.ackedV = this.ackedA = this.deliveredV = this.deliveredA = this.duplicates = this.resumes = 0;
    this.seen.clear();
  }
  error(where: string, err: unknown) {
    const e = err as { data?: { appCode?: string; code?: string }; message?: string };
    const key = `${where}:${e?.data?.appCode ?? e?.data?.code ?? e?.message?.slice(0, 60) ?? 'unknown'}`;
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
  }
}

let seq = 1;

/** Connects A agents and V visitors, opens one chat per visitor and has its agent accept it. */
export async function buildWorld(opts: {
  urls: string[];
  channelKey: string;
  visitors: number;
  agents: number;
  ping?: boolean;
  concurrency?: number;
}): Promise<LoadWorld> {
  const rec = new Recorder();
  const owner = new Map<string, number>();
  const { urls } = opts;
  const agents: BenchAgent[] = [];
  for (let i = 0; i < opts.agents; i++) {
    const url = urls[i % urls.length] as string;
    const idx = i;
    agents.push(
      await connectAgent(url, agentEmail(i), {
        onEvent: (e, at) => {
          rec.consoleEvents++;
          if (e.type === 'typing') rec.typingEvents++;
          if (e.type !== 'message' || !rec.active) return;
          const m = e.message as { author: string; body: string; conversationId: string };
          if (m.author !== 'visitor' || owner.get(m.conversationId) !== idx) return;
          const s = readStamp(m.body);
          if (!s) return;
          rec.v2a.push(at - s.sentAt);
          rec.deliveredV++;
          if (rec.seen.has(s.seq)) rec.duplicates++;
          rec.seen.add(s.seq);
          rec.pendingV.delete(s.seq);
        },
        onResume: () => {
          rec.resumes++;
        },
      }),
    );
  }
  log(`${agents.length} agents logged in with live.console`);
  const t0 = performance.now();
  // Pings like the widget: every 15 s from the moment its page is up (frame/session.ts). Started only
  // after all visitors were up, the first visitors' visits went 45 s (VISITOR_ONLINE_MS) without a
  // sign of life while the rest connected: the sweeper ended them and their late pings revived them,
  // a wave of visit events on the consoles in the first minute of every run that no real page causes.
  const pingTimers: NodeJS.Timeout[] = [];
  const startPings = (v: BenchVisitor) => {
    if (opts.ping === false) return v;
    pingTimers.push(setInterval(() => v.ping().catch((e) => rec.error('ping', e)), 15_000));
    return v;
  };
  const visitors = await pool(
    Array.from({ length: opts.visitors }, (_, i) => i),
    opts.concurrency ?? 16,
    (i) =>
      connectVisitor(urls[i % urls.length] as string, opts.channelKey, {
        onEvent: () => {
          rec.widgetEvents++;
        },
        onResume: () => {
          rec.resumes++;
        },
        onMessage: (m, at) => {
          if (m.author !== 'agent' || !rec.active) return;
          const s = readStamp(m.body);
          if (!s) return;
          rec.a2v.push(at - s.sentAt);
          rec.deliveredA++;
          if (rec.seen.has(s.seq)) rec.duplicates++;
          rec.seen.add(s.seq);
          rec.pendingA.delete(s.seq);
        },
      }).then(startPings),
  );
  log(`${visitors.length} visitors started + subscribed in ${Math.round(performance.now() - t0)} ms`);
  // One chat per visitor; its agent accepts (spread over the 10/10 s visitor limit: one message each).
  const t1 = performance.now();
  const convOf: string[] = new Array(visitors.length);
  await pool(visitors, opts.concurrency ?? 16, async (v, i) => {
    const m = await v.send(`hello, I have a question about ${sentence(3)}`);
    convOf[i] = m.conversationId;
    const a = i % agents.length;
    owner.set(m.conversationId, a);
    await agents[a]?.wsClient.chats.accept.mutate({ conversationId: m.conversationId });
  });
  log(`${visitors.length} chats opened and accepted in ${Math.round(performance.now() - t1)} ms`);
  return {
    urls,
    visitors,
    agents,
    owner,
    convOf,
    rec,
    stopPings: () => {
      for (const t of pingTimers) clearInterval(t);
    },
    close() {
      for (const t of pingTimers) clearInterval(t);
      for (const v of visitors) v.close();
      for (const a of agents) a.close();
    },
  };
}

export interface PhaseResult {
  targetRate: number;
  seconds: number;
  sent: number;
  shed: number;
  acked: number;
  ackRate: number;
  delivered: number;
  deliveredRate: number;
  lost: number;
  duplicates: number;
  /** Live streams cut by the server (slow consumers) and resumed from their last event id. */
  resumes: number;
  v2a: Percentiles;
  a2v: Percentiles;
  ackVisitor: Percentiles;
  ackAgent: Percentiles;
  consoleEventsPerSec: number;
  errors: Record<string, number>;
  server: { cpuPct: number; rssMb: number }[];
  /**
   * Server CPU (all processes, user + system) from the start of the phase until every message sent in
   * it was acknowledged and delivered (or the drain bound), in ms per acknowledged message: the cost of
   * a chat message in either direction, with the typing and ping traffic that comes with it.
   */
  serverCpuMsPerMessage: number;
  generatorCpuPct: number;
  loadAvg: string;
}

/** Open-loop load: `rate` messages/s for `seconds`, `visitorShare` of them visitor → agent, the rest agent → visitor. */
export async function runPhase(
  world: LoadWorld,
  pids: number[],
  opts: { rate: number; seconds: number; visitorShare?: number; typingShare?: number; maxInFlight?: number },
): Promise<PhaseResult> {
  const { rec, visitors, agents, convOf, owner } = world;
  const share = opts.visitorShare ?? 0.5;
  const typingShare = opts.typingShare ?? 0.2;
  const maxInFlight = opts.maxInFlight ?? 2000;
  rec.reset();
  rec.active = true;
  let sent = 0;
  let shed = 0;
  let inFlight = 0;
  let vi = 0;
  let ai = 0;
  const cpu0 = pids.map((p) => procCpuSeconds(p));
  const gcpu0 = process.cpuUsage();
  const start = performance.now();
  const endAt = start + opts.seconds * 1000;
  let credit = 0;
  let visitorCredit = 0;
  const fire = () => {
    if (inFlight >= maxInFlight) {
      shed++;
      return;
    }
    visitorCredit += share;
    const s = seq++;
    inFlight++;
    sent++;
    if (visitorCredit >= 1) {
      visitorCredit -= 1;
      const v = visitors[vi++ % visitors.length] as BenchVisitor;
      if (Math.random() < typingShare) v.typing('typing a question…').catch((e) => rec.error('typing', e));
      const body = stampBody(s, sentence());
      const t = performance.now();
      v.send(body)
        .then(() => {
          rec.ackV.push(performance.now() - t);
          rec.ackedV++;
          if (!rec.seen.has(s)) rec.pendingV.set(s, t);
        })
        .catch((e) => rec.error('widget.send', e))
        .finally(() => inFlight--);
    } else {
      const i = ai++ % visitors.length;
      const conv = convOf[i] as string;
      const agent = agents[owner.get(conv) ?? 0] as BenchAgent;
      const body = stampBody(s, sentence());
      const t = performance.now();
      agent.wsClient.chats.send
        .mutate({ conversationId: conv, clientId: crypto.randomUUID(), body })
        .then(() => {
          rec.ackA.push(performance.now() - t);
          rec.ackedA++;
          if (!rec.seen.has(s)) rec.pendingA.set(s, t);
        })
        .catch((e) => rec.error('chats.send', e))
        .finally(() => inFlight--);
    }
  };
  const samples: { cpu: number[]; rss: number[] }[] = pids.map(() => ({ cpu: [], rss: [] }));
  let last = start;
  while (performance.now() < endAt) {
    const now = performance.now();
    credit += ((now - last) / 1000) * opts.rate;
    last = now;
    while (credit >= 1) {
      credit -= 1;
      fire();
    }
    await sleep(2);
  }
  const elapsed = (performance.now() - start) / 1000;
  pids.forEach((p, k) => {
    samples[k]?.rss.push(procStatus(p)?.rssKb ?? 0);
  });
  const cpu1 = pids.map((p) => procCpuSeconds(p));
  const gcpu = process.cpuUsage(gcpu0);
  // Drain: wait for in-flight sends and deliveries (bounded).
  const drainUntil = performance.now() + 10_000;
  while ((inFlight > 0 || rec.pendingV.size + rec.pendingA.size > 0) && performance.now() < drainUntil)
    await sleep(20);
  rec.active = false;
  const cpuDrained = pids.reduce((sum, p, k) => sum + (procCpuSeconds(p) - (cpu0[k] ?? 0)), 0);
  const acked = rec.ackedV + rec.ackedA;
  const delivered = rec.deliveredV + rec.deliveredA;
  return {
    targetRate: opts.rate,
    seconds: Math.round(elapsed * 10) / 10,
    sent,
    shed,
    acked,
    ackRate: Math.round(acked / elapsed),
    delivered,
    deliveredRate: Math.round(delivered / elapsed),
    lost: rec.pendingV.size + rec.pendingA.size,
    duplicates: rec.duplicates,
    resumes: rec.resumes,
    v2a: percentiles(rec.v2a),
    a2v: percentiles(rec.a2v),
    ackVisitor: percentiles(rec.ackV),
    ackAgent: percentiles(rec.ackA),
    consoleEventsPerSec: Math.round(rec.consoleEvents / elapsed),
    errors: Object.fromEntries(rec.errors),
    server: pids.map((_, k) => ({
      cpuPct: Math.round((((cpu1[k] ?? 0) - (cpu0[k] ?? 0)) / elapsed) * 100),
      rssMb: Math.round((samples[k]?.rss[0] ?? 0) / 1024),
    })),
    serverCpuMsPerMessage: acked > 0 ? Math.round((cpuDrained * 1000 * 100) / acked) / 100 : Number.NaN,
    generatorCpuPct: Math.round(((gcpu.user + gcpu.system) / 1e6 / elapsed) * 100),
    loadAvg: (await import('./util')).loadAvg(),
  };
}

export function phaseLine(r: PhaseResult) {
  return `rate ${r.targetRate}/s: acked ${r.ackRate}/s delivered ${r.deliveredRate}/s shed ${r.shed} lost ${r.lost} dup ${r.duplicates} resumed ${r.resumes} | v→a p50 ${r.v2a.p50} p95 ${r.v2a.p95} p99 ${r.v2a.p99} max ${r.v2a.max} | a→v p50 ${r.a2v.p50} p99 ${r.a2v.p99} | ack v p50 ${r.ackVisitor.p50} p99 ${r.ackVisitor.p99} | server cpu ${r.server.map((s) => s.cpuPct).join('/')}% ${r.serverCpuMsPerMessage} ms/msg rss ${r.server.map((s) => s.rssMb).join('/')} MB | gen cpu ${r.generatorCpuPct}% | errors ${JSON.stringify(r.errors)}`;
}
