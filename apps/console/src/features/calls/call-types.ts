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
