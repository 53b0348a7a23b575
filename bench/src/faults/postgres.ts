import { execSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { header, met, saveResult } from '../lib/results';
import { log, sleep } from '../lib/util';
import { chatTarget, envNum, teardown } from '../scenarios/common';
import { storedCounts } from './common';
import { reliableLoad, summarize } from './driver';

/** PostgreSQL restarted under load: clear errors meanwhile, recovery after, nothing half-written. */
export async function faultPostgres() {
  const visitors = envNum('BENCH_VISITORS', 200);
  const agents = envNum('BENCH_AGENTS', 10);
  const rate = envNum('BENCH_RATE', 40);
  const { target, world } = await chatTarget({ mode: 'postgres', processes: 1, visitors, agents });
  const api = target.procs[0]!;
  let summary!: ReturnType<typeof summarize>;
  let db!: Awaited<ReturnType<typeof storedCounts>>;
  const readyz = new Map<number, number>();
  let halfWritten = -1;
  let stillRunning = false;
  try {
    world.rec.reset();
    world.rec.active = true;
    const load = reliableLoad(world, rate);
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const s = await fetch(`${api.url}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        readyz.set(s, (readyz.get(s) ?? 0) + 1);
        await sleep(200);
      }
    })();
    await sleep(5000);
    const version = readdirSync('/etc/postgresql')[0];
    // Down for 5 s, long enough that requests meet it (a bare restart takes ~1 s and none did).
    log(`pg_ctlcluster ${version} main stop; 5 s; start`);
    const pgctl = (verb: string) =>
      execSync(`pg_ctlcluster --skip-systemctl-redirect ${version} main ${verb}`, {
        stdio: 'inherit',
        timeout: 60_000,
      });
    try {
      pgctl('stop');
      await sleep(5000);
    } finally {
      pgctl('start');
    }
    log('postgres restarted');
    await sleep(10_000);
    await load.stop();
    probing = false;
    await probe;
    const drain = Date.now() + 20_000;
    while (Date.now() < drain && load.sent.some((s) => s.acked && !world.rec.seen.has(s.seq)))
      await sleep(100);
    world.rec.active = false;
    stillRunning = api.child.exitCode === null;
    summary = summarize(load.sent, world);
    db = await storedCounts(target, load.sent);
    // Half-written: a message row whose LiveEvent (written in the same transaction) is missing.
    const pg = await import('pg');
    const c = new pg.default.Client({ connectionString: target.databaseUrl });
    await c.connect();
    const r = await c.query(
      `SELECT count(*)::int AS n FROM "Message" m WHERE NOT EXISTS (SELECT 1 FROM "LiveEvent" e WHERE e.topic = 'console' AND e.payload::text LIKE '%' || m.id || '%')`,
    );
    halfWritten = r.rows[0].n;
    await c.end();
    log(JSON.stringify({ summary, db, readyz: Object.fromEntries(readyz), halfWritten }));
  } finally {
    await teardown(target, world);
  }
  const ok =
    stillRunning &&
    summary.undelivered === 0 &&
    db.ackedMissingInDb === 0 &&
    db.storedTwice === 0 &&
    halfWritten === 0;
  const md = `## Fault: PostgreSQL restarted

${header(`PostgreSQL, 1 API process, ${visitors} visitors, ${agents} agents, ${rate} msg/s; \`pg_ctlcluster … main restart\` after 5 s`)}

${met(ok)} — API process still running: ${stillRunning ? 'yes' : 'NO'}; /readyz statuses seen (every 200 ms): ${JSON.stringify(Object.fromEntries(readyz))}; sent ${summary.sent}, acknowledged ${summary.acked}, never acknowledged ${summary.neverAcked}, retried ${summary.retried}; acknowledged but missing ${db.ackedMissingInDb}, stored twice ${db.storedTwice}, messages without their live event (half-written) ${halfWritten}; acknowledged but never delivered ${summary.undelivered}; errors clients saw meanwhile: ${JSON.stringify(summary.errorKinds)}.`;
  saveResult(
    'fault-postgres',
    { visitors, agents, rate, summary, db, readyz: Object.fromEntries(readyz), halfWritten, stillRunning },
    md,
  );
}
