import { buildWorld, type LoadWorld } from '../lib/chatload';
import { createChannel } from '../lib/clients';
import type { ServerProgram } from '../lib/program';
import { ownerEmail, seedAccount } from '../lib/seed';
import { startTarget, type Target } from '../lib/server';
import { log } from '../lib/util';

export const envNum = (name: string, def: number) => (process.env[name] ? Number(process.env[name]) : def);

export async function chatTarget(opts: {
  /** Parley unless BENCH_SERVER_SCRIPT says otherwise. */
  program?: ServerProgram;
  mode: 'sqlite' | 'postgres';
  processes?: number;
  visitors: number;
  agents: number;
  cpuProf?: string;
}) {
  const target: Target = await startTarget({
    ...(opts.program ? { program: opts.program } : {}),
    mode: opts.mode,
    processes: opts.processes ?? 1,
    cpuProf: opts.cpuProf,
    agents: opts.agents,
    seed: async (d) => {
      await seedAccount(d, opts.agents);
    },
  });
  try {
    const channelKey = await createChannel(target.urls[0] as string, ownerEmail);
    const world: LoadWorld = await buildWorld({
      urls: target.urls,
      channelKey,
      visitors: opts.visitors,
      agents: opts.agents,
    });
    return { target, world, channelKey };
  } catch (err) {
    await target.cleanup();
    throw err;
  }
}

export async function teardown(target: Target, world?: LoadWorld) {
  world?.close();
  await target.cleanup();
  log('target stopped');
}
