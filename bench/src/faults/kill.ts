import { header, met, saveResult } from '../lib/results';
import { log, sleep } from '../lib/util';
import { chatTarget, envNum, teardown } from '../scenarios/common';
import { storedCounts } from './common';
import { reliableLoad, summarize } from './driver';

/** kill -9 the API process under load, restart it on the same port and data: nothing acknowledged is lost or doubled. */
export async function faultKill() {
  const visitors = envNum('BENCH_VISITORS', 200);
  const agents = envNum('BENCH_AGENTS', 10);
  const rate = envNum('BENCH_RATE', 60);
  const { target, world } = await chatTarget({ mode: 'sqlite', visitors, agents });
  const api = target.procs[0]!;
  let reconnected = { visitors: 0, agents: 0 };
  let summary: ReturnType<typeof summarize>;
  let db: Awaited<ReturnType<typeof storedCounts>>;
  let downMs = 0;
  try {
    world.rec.reset();
    world.rec.active = true;
    const load = reliableLoad(world, rate);
    await sleep(5000);
    log('kill -9 the API process');
    const t0 = performance.now();
    await api.stop('SIGKILL');
    await sleep(1000);
    await api.restart();
    downMs = Math.round(performance.now() - t0);
    log(`restarted, down for ${downMs} ms`);
    await sleep(8000);
    await load.stop();
    const until = Date.now() + 15_000;
    while (Date.now() < until && load.sent.some((s) => s.acked && !world.rec.seen.has(s.seq)))
      await sleep(100);
    world.rec.active = false;
    summary = summarize(load.sent, world);
    reconnected = {
      visitors: world.visitors.filter((v) => v.ws.connection?.state === 'open').length,
      agents: world.agents.filter((a) => a.ws.connection?.state === 'open').length,
    };
    await api.stop();
    db = await storedCounts(target, load.sent);
    log(JSON.stringify({ summary, db, reconnected }));
  } finally {
    await teardown(target, world);
  }
  const ok =
    summary.undelivered === 0 &&
    summary.duplicatesDelivered === 0 &&
    db.ackedMissingInDb === 0 &&
    db.storedTwice === 0 &&
    reconnected.visitors === visitors &&
    reconnected.agents === agents;
  const md = `## Fault: kill -9 under load

${header(`SQLite, 1 API process killed with SIGKILL after 5 s of ${rate} msg/s (${visitors} visitors, ${agents} agents), restarted on the same port and data 1 s later; clients retry failed sends with the same clientId, tRPC clients reconnect and resume with lastEventId by themselves`)}

${met(ok)} — sent ${summary.sent}, acknowledged ${summary.acked}, never acknowledged ${summary.neverAcked}, retried ${summary.retried}; acknowledged but missing in the database **${db.ackedMissingInDb}**, stored twice **${db.storedTwice}**, acknowledged but never delivered to the other side **${summary.undelivered}**, delivered twice **${summary.duplicatesDelivered}**; reconnected by themselves: ${reconnected.visitors}/${visitors} visitors, ${reconnected.agents}/${agents} agents; down ${downMs} ms; errors seen by clients: ${JSON.stringify(summary.errorKinds)}.`;
  saveResult('fault-kill', { visitors, agents, rate, downMs, summary, db, reconnected }, md);
}
