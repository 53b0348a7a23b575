import type { TLiveEvent } from '../../lib/chat-types';

export type TCall = Extract<TLiveEvent, { type: 'call.updated' }>['call'];
export type TRingingCall = Extract<TLiveEvent, { type: 'call.ringing' }>;
export type TCallSignal = Extract<TLiveEvent, { type: 'call.signal' }>['signal'];
export type TMedia = 'connecting' | 'connected' | 'reconnecting' | 'failed';

/** The card list: a newer ringing event for a call replaces its card; a call no longer ringing leaves. */
export function updateRinging(cards: TRingingCall[], call: TCall): TRingingCall[] {
  if (call.status === 'ringing') return cards.map((c) => (c.call.id === call.id ? { ...c, call } : c));
  return cards.filter((c) => c.call.id !== call.id);
}

export function addRinging(cards: TRingingCall[], event: TRingingCall): TRingingCall[] {
  if (event.call.status !== 'ringing') return cards;
  return [...cards.filter((c) => c.call.id !== event.call.id), event];
}

/**
 * After a (re)load, the browser call of mine in progress that this console should take back, if any.
 * `calls.current` answers once and its cached answer outlives the call: the adoption effect re-runs
 * whenever the chat lists change (a live `message` event after the hang-up does), so a call this console
 * already saw end — by its own Hang up or by a `call.updated` event, which may even arrive before the
 * query's answer — is never taken back (that brought the ended call's bar back).
 */
export function callToAdopt(
  calls: readonly TCall[],
  options: { me: string; activeId: string | null; ended: ReadonlySet<string> },
): TCall | null {
  if (options.activeId) return null;
  return (
    calls.find(
      (call) =>
        call.status === 'active' &&
        call.kind !== 'phone' &&
        call.agent?.id === options.me &&
        !options.ended.has(call.id),
    ) ?? null
  );
}
