import { type Db, scopeToAccount } from '@parley/db';
import type { PluginHost } from '@parley/integrations';
import type { EventBus } from '../../bus/event-bus';
import { withLiveEvents } from '../../live/events';
import type { Logger } from '../../logger';
import { finishCall } from './calls';
import { hangUpAtProvider } from './phone-hangup';

/**
 * A system job, scheduled under a lease (once across API processes): ringing calls past their
 * `ringUntil` become missed, and active calls whose agent went offline end. Each is finished in its account's scope with the same conditional update
 * as a hang-up, so an accept racing the timeout leaves one outcome.
 */
export async function missUnansweredCalls(deps: {
  systemDb: Db;
  bus: EventBus;
  /** H2: to hang up a phone call at its provider when nobody answered it in time. */
  plugins?: PluginHost;
  logger?: Logger;
}): Promise<number> {
  const due = await deps.systemDb.call.findMany({
    where: { status: 'ringing', ringUntil: { lte: new Date() } },
    select: { id: true, accountId: true, installId: true, externalCallId: true },
    take: 200,
  });
  let missed = 0;
  for (const c of due) {
    const scoped = { db: scopeToAccount(deps.systemDb, c.accountId), bus: deps.bus };
    if (
      await withLiveEvents(scoped, c.accountId, (tx, emit) => finishCall(tx, emit, c.id, 'missed', 'timeout'))
    ) {
      missed++;
      hangUpAtProvider(deps, c.installId, c.externalCallId);
    }
  }
  // An active call whose agent went offline (their console stopped beating: closed, crashed, lost
  // its network for a minute) has no audio on that side any more: it ends, said by the system.
  const orphaned = await deps.systemDb.call.findMany({
    // Phone calls (H2) are not in the console: the agent talks on their own phone.
    where: { status: 'active', kind: 'webrtc', agent: { presence: 'offline' } },
    select: { id: true, accountId: true },
    take: 200,
  });
  for (const c of orphaned) {
    const scoped = { db: scopeToAccount(deps.systemDb, c.accountId), bus: deps.bus };
    await withLiveEvents(scoped, c.accountId, (tx, emit) => finishCall(tx, emit, c.id, 'ended', 'system'));
  }
  return missed;
}
