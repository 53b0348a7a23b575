import { randomUUID } from 'node:crypto';
import { type Db, isDatabaseUnavailable } from '@parley/db';
import type { Logger } from '../logger';
import { tryAcquireLease } from './lease';

export interface ScheduledJob {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/**
 * Runs each job about every `everyMs`, at most once per period across all API processes: a process
 * runs a job only while it holds the job's lease, which lasts one period.
 */
export function startScheduler(db: Db, logger: Logger, jobs: ScheduledJob[]): { stop(): void } {
  const holder = randomUUID();
  const timers = jobs.map((job) => {
    const tick = async () => {
      try {
        if (!(await tryAcquireLease(db, `job:${job.name}`, holder, job.everyMs))) return;
        const result = await job.run();
        logger.debug({ job: job.name, result }, 'scheduled job ran');
      } catch (err) {
        // The next tick tries again; a database restart is worth a line, not a stack trace.
        if (isDatabaseUnavailable(err))
          logger.warn({ job: job.name }, 'scheduled job skipped: database unavailable');
        else logger.error({ err, job: job.name }, 'scheduled job failed');
      }
    };
    const timer = setInterval(tick, job.everyMs);
    timer.unref();
    setTimeout(tick, 1000).unref();
    return timer;
  });
  return {
    stop() {
      for (const t of timers) clearInterval(t);
    },
  };
}
