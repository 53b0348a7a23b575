import { describe, expect, it } from 'vitest';
import { addRinging, callToAdopt, type TCall, type TRingingCall, updateRinging } from './call-types';

const call = (id: string, status: TCall['status'] = 'ringing') => ({ id, status }) as TCall;
const ringing = (id: string) => ({ type: 'call.ringing', call: call(id), conversation: {} }) as TRingingCall;

describe('ringing cards', () => {
  it('adds one card per call and drops it once the call stops ringing (taken, declined, missed)', () => {
    let cards = addRinging([], ringing('a'));
    cards = addRinging(cards, ringing('b'));
    cards = addRinging(cards, ringing('a'));
    expect(cards.map((c) => c.call.id)).toEqual(['b', 'a']);
    cards = updateRinging(cards, call('a', 'active'));
    expect(cards.map((c) => c.call.id)).toEqual(['b']);
    expect(updateRinging(cards, call('b', 'missed'))).toEqual([]);
  });
});

describe('taking a call back after a reload', () => {
  const mine = (id: string, status: TCall['status'] = 'active', kind: TCall['kind'] = 'webrtc') =>
    ({ id, status, kind, agent: { id: 'me' } }) as TCall;

  it('takes my active browser call back once, never one it saw end (stale `calls.current` answer)', () => {
    const calls = [mine('a')];
    expect(callToAdopt(calls, { me: 'me', activeId: null, ended: new Set() })?.id).toBe('a');
    // Already in it.
    expect(callToAdopt(calls, { me: 'me', activeId: 'a', ended: new Set() })).toBeNull();
    // Hung up here (or `call.updated` said it ended) while the cached answer still says active.
    expect(callToAdopt(calls, { me: 'me', activeId: null, ended: new Set(['a']) })).toBeNull();
  });

  it('skips calls that are not mine, not active, or bridged to a phone', () => {
    const other = { ...mine('b'), agent: { id: 'someone' } } as TCall;
    const none = { me: 'me', activeId: null, ended: new Set<string>() };
    expect(callToAdopt([other, mine('c', 'ringing'), mine('d', 'active', 'phone')], none)).toBeNull();
  });
});
