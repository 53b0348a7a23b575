import { randomUUID } from 'node:crypto';
import type { LoadWorld } from '../lib/chatload';
import { sentence, stampBody } from '../lib/clients';
import { sleep } from '../lib/util';

export interface SentRecord {
  seq: number;
  clientId: string;
  dir: 'v2a' | 'a2v';
  acked: boolean;
  attempts: number;
  errors: string[];
}

let seq = 10_000_000;

/**
 * Load that behaves like the real clients through a fault: a send that fails is retried with the
 * same clientId (the widget and console do this after a reconnect) until acknowledged or `giveUpMs`.
 */
export function reliableLoad(world: LoadWorld, rate: number, giveUpMs = 60_000) {
  const sent: SentRecord[] = [];
  let running = true;
  let vi = 0;
  let ai = 0;
  const inflight = new Set<Promise<void>>();
  const one = (dir: 'v2a' | 'a2v') => {
    const rec: SentRecord = {
      seq: seq++,
      clientId: randomUUID(),
      dir,
      acked: false,
      attempts: 0,
      errors: [],
    };
    sent.push(rec);
    const body = stampBody(rec.seq, sentence());
    const i = dir === 'v2a' ? vi++ % world.visitors.length : ai++ % world.visitors.length;
    const conv = world.convOf[i] as string;
    const attempt = () =>
      dir === 'v2a'
        ? world.visitors[i]!.send(body, rec.clientId)
        : world.agents[world.owner.get(conv) ?? 0]!.wsClient.chats.send.mutate({
            conversationId: conv,
            clientId: rec.clientId,
            body,
          });
    const started = Date.now();
    const p = (async () => {
      while (Date.now() - started < giveUpMs) {
        rec.attempts++;
        try {
          await attempt();
          rec.acked = true;
          world.rec.seen.has(rec.seq) ||
            (dir === 'v2a' ? world.rec.pendingV : world.rec.pendingA).set(rec.seq, performance.now());
          return;
        } catch (err) {
          const e = err as { data?: { appCode?: string; code?: string }; message?: string };
          rec.errors.push(e.data?.appCode ?? e.data?.code ?? e.message?.slice(0, 80) ?? 'error');
          await sleep(500);
        }
      }
    })();
    inflight.add(p);
    p.finally(() => inflight.delete(p));
  };
  const loop = (async () => {
    let k = 0;
    while (running) {
      one(k++ % 2 === 0 ? 'v2a' : 'a2v');
      await sleep(1000 / rate);
    }
  })();
  return {
    sent,
    async stop() {
      running = false;
      await loop;
      await Promise.all([...inflight]);
    },
  };
}

export function summarize(sent: SentRecord[], world: LoadWorld) {
  const acked = sent.filter((s) => s.acked);
  const errorKinds = new Map<string, number>();
  for (const s of sent) for (const e of s.errors) errorKinds.set(e, (errorKinds.get(e) ?? 0) + 1);
  const undelivered = acked.filter((s) => !world.rec.seen.has(s.seq));
  return {
    sent: sent.length,
    acked: acked.length,
    neverAcked: sent.length - acked.length,
    retried: sent.filter((s) => s.attempts > 1).length,
    undelivered: undelivered.length,
    duplicatesDelivered: world.rec.duplicates,
    errorKinds: Object.fromEntries(errorKinds),
  };
}
