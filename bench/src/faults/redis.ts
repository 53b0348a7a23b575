import { execSync } from 'node:child_process';
import { header, met, saveResult } from '../lib/results';
import { log, sleep } from '../lib/util';
import { chatTarget, envNum, teardown } from '../scenarios/common';
import { storedCounts } from './common';
import { reliableLoad, summarize } from './driver';

const REDIS_START =
  'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log';
const redisUp = () => {
  try {
    return execSync('redis-cli ping', { encoding: 'utf8', timeout: 2000 }).trim() === 'PONG';
  } catch {
    return false;
  }
};

/** Scale-out: Redis restarted under load; delivery resumes by itself and nothing is lost. Restarts the machine's Redis. */
export async function faultRedis() {
  const visitors = envNum('BENCH_VISITORS', 200);
  const agents = envNum('BENCH_AGENTS', 10);
  const rate = envNum('BENCH_RATE', 40);
  const { target, world } = await chatTarget({ mode: 'postgres', processes: 2, visitors, agents });
  let summary!: ReturnType<typeof summarize>;
  let db!: Awaited<ReturnType<typeof storedCounts>>;
  let recoverMs = 0;
  try {
    world.rec.reset();
    world.rec.active = true;
    const load = reliableLoad(world, rate);
    await sleep(5000);
    log('redis-cli shutdown nosave');
    try {
      execSync('redis-cli shutdown nosave', { stdio: 'ignore', timeout: 5000 });
    } catch {}
    await sleep(3000);
    execSync(REDIS_START, { stdio: 'inherit', timeout: 10_000 });
    const t0 = Date.now();
    while (!redisUp() && Date.now() - t0 < 10_000) await sleep(100);
    // Recovery: time until both processes report ready again.
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      const ok = await Promise.all(
        target.urls.map((u) =>
          fetch(`${u}/readyz`).then(
            (r) => r.ok,
            () => false,
          ),
        ),
      );
      if (ok.every(Boolean)) break;
      await sleep(100);
    }
    recoverMs = Date.now() - t0;
    log(`redis back; processes ready after ${recoverMs} ms`);
    await sleep(8000);
    await load.stop();
    const drain = Date.now() + 20_000;
    while (Date.now() < drain && load.sent.some((s) => s.acked && !world.rec.seen.has(s.seq)))
      await sleep(100);
    world.rec.active = false;
    summary = summarize(load.sent, world);
    db = await storedCounts(target, load.sent);
    log(JSON.stringify({ summary, db }));
  } finally {
    if (!redisUp()) execSync(REDIS_START, { stdio: 'inherit', timeout: 10_000 });
    await teardown(target, world);
  }
  const ok = summary.undelivered === 0 && db.ackedMissingInDb === 0 && db.storedTwice === 0;
  const md = `## Fault: Redis restarted (scale-out)

${header(`PostgreSQL + Redis, 2 API processes, ${visitors} visitors and ${agents} agents spread over both, ${rate} msg/s; \`redis-cli shutdown nosave\` after 5 s, redis-server started again 3 s later`)}

${met(ok)} — sent ${summary.sent}, acknowledged ${summary.acked}, never acknowledged ${summary.neverAcked}; acknowledged but missing in the database ${db.ackedMissingInDb}, stored twice ${db.storedTwice}; acknowledged but never delivered ${summary.undelivered}; delivered twice ${summary.duplicatesDelivered}; both processes ready ${recoverMs} ms after Redis was back; client errors: ${JSON.stringify(summary.errorKinds)}.`;
  saveResult('fault-redis', { visitors, agents, rate, recoverMs, summary, db }, md);
}
