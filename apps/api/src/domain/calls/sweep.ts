import { type Db, scopeToAccount } from '@parley/db';
import type { PluginHost } from '@parley/integrations';
import type { EventBus } from '../../bus/event-bus';
import { withLiveEvents } from '../../live/events';
import type { Logger } from '../../logger';
import { finishCall } from './calls';
import { hangUpAtProvider } from './phone-hangup';

/** An active in-console call with no sign of life from its console for this long ends (CALL_SILENT_AFTER_SECONDS). */
export const DEFAULT_SILENT_AFTER_MS = 90_000;

/**
 * A system job, scheduled under a lease (once across API processes): ringing calls past their
 * `ringUntil` become missed, and active calls whose console went silent end. Each is finished in its
 * account's scope with the same conditional update as a hang-up, so an accept or hang-up racing the
 * sweep leaves one outcome, and the same events go out.
 */
export async function missUnansweredCalls(deps: {
  systemDb: Db;
  bus: EventBus;
  /** H2: to hang up a phone call at its provider when nobody answered it in time. */
  plugins?: PluginHost;
  logger?: Logger;
  /** CALL_SILENT_AFTER_SECONDS, in ms. */
  silentAfterMs?: number;
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
  await endSilentCalls(deps, deps.silentAfterMs ?? DEFAULT_SILENT_AFTER_MS);
  return missed;
}

/**
 * An active call whose audio is in a console (WebRTC, SIP softphone: `aliveAt` set) ends when that
 * console stopped listing it in its heartbeat: the tab closed, crashed or lost its network. A SIP
 * session dies with its page, and a PBX may keep the other leg up, so the record would stay "active"
 * for ever. It ends as answered, said by the system with the reason `console-lost`, and its duration
 * (and H4 credit) counts up to the last sign of life, not up to the sweep. Calls a provider bridges to
 * the agent's own phone have no `aliveAt` and end by the provider's status callbacks.
 */
async function endSilentCalls(deps: { systemDb: Db; bus: EventBus; logger?: Logger }, silentAfterMs: number) {
  const cutoff = new Date(Date.now() - silentAfterMs);
  const silent = await deps.systemDb.call.findMany({
    where: { status: 'active', aliveAt: { lt: cutoff } },
    select: { id: true, accountId: true, answeredAt: true, aliveAt: true },
    take: 200,
  });
  for (const c of silent) {
    const answered = c.answeredAt?.getTime() ?? c.aliveAt?.getTime() ?? 0;
    const durationSec = Math.max(0, Math.round(((c.aliveAt?.getTime() ?? answered) - answered) / 1000));
    const scoped = { db: scopeToAccount(deps.systemDb, c.accountId), bus: deps.bus };
    const ended = await withLiveEvents(scoped, c.accountId, async (tx, emit) => {
      // A heartbeat may have come in since the read: that call is alive after all.
      if (!(await tx.call.findFirst({ where: { id: c.id, aliveAt: { lt: cutoff } }, select: { id: true } })))
        return false;
      return finishCall(tx, emit, c.id, 'ended', 'system', { durationSec, endReason: 'console-lost' });
    });
    if (ended) deps.logger?.info({ callId: c.id, durationSec }, 'call ended: its console went silent');
  }
}
