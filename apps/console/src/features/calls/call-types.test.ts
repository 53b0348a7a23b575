import { describe, expect, it } from 'vitest';
import { addRinging, type TCall, type TRingingCall, updateRinging } from './call-types';

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
