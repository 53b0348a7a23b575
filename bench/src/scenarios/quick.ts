import { idle } from './idle';
import { latency } from './latency';
import { startup } from './startup';
import { throughput } from './throughput';

/** `npm run bench`: a few minutes, smaller than the target configurations; results tagged `quick`. */
export async function quick() {
  await startup();
  await idle({ visitors: 1000, tag: 'quick' });
  await latency({ visitors: 300, agents: 10, rate: 100, seconds: 20, tag: 'quick' });
  await throughput({ visitors: 500, agents: 10, seconds: 8, steps: [50, 100, 200, 300, 450], tag: 'quick' });
}
