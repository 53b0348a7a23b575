import { describe, expect, it } from 'vitest';
import {
  addRequest,
  forgetLeftInbox,
  nextWakeAt,
  REMIND_AFTER_MS,
  STALE_SNAPSHOT_MS,
  settleRequest,
  snoozeRequest,
  visibleRequests,
  wakeRequests,
} from './chat-requests';

const ids = (cards: { conversationId: string }[]) => cards.map((card) => card.conversationId);

describe('chat request cards', () => {
  it('stacks several requests, newest first, without doubles', () => {
    let cards = addRequest([], 'c1', 'hello', 0);
    cards = addRequest(cards, 'c2', 'hi', 0);
    cards = addRequest(cards, 'c1', 'anyone?', 0);
    expect(ids(cards)).toEqual(['c1', 'c2']);
    expect(cards[0]?.data).toBe('anyone?');
  });

  it('"Later" hides the card and brings it back after 30 seconds', () => {
    const t0 = 1_000_000;
    let cards = addRequest([], 'c1', 'hello', 0);
    cards = snoozeRequest(cards, 'c1', t0);
    expect(visibleRequests(cards, t0)).toHaveLength(0);
    expect(visibleRequests(cards, t0 + REMIND_AFTER_MS - 1)).toHaveLength(0);
    expect(nextWakeAt(cards)).toBe(t0 + REMIND_AFTER_MS);

    expect(wakeRequests(cards, t0 + REMIND_AFTER_MS - 1).woken).toEqual([]);
    const woken = wakeRequests(cards, t0 + REMIND_AFTER_MS);
    expect(woken.woken).toEqual(['c1']);
    cards = woken.cards;
    expect(visibleRequests(cards, t0 + REMIND_AFTER_MS)).toHaveLength(1);
    expect(nextWakeAt(cards)).toBeNull();

    // Later again: another 30 s.
    const t1 = t0 + REMIND_AFTER_MS + 5_000;
    cards = snoozeRequest(cards, 'c1', t1);
    expect(nextWakeAt(cards)).toBe(t1 + REMIND_AFTER_MS);
  });

  it('the earliest snoozed card decides the next wake-up', () => {
    let cards = addRequest(addRequest([], 'c1', 'a', 0), 'c2', 'b', 0);
    cards = snoozeRequest(cards, 'c1', 10_000);
    cards = snoozeRequest(cards, 'c2', 5_000);
    expect(nextWakeAt(cards)).toBe(5_000 + REMIND_AFTER_MS);
    const { woken } = wakeRequests(cards, 5_000 + REMIND_AFTER_MS);
    expect(woken).toEqual(['c2']);
  });

  it('disappears once any agent accepts the chat, or it closes, even while snoozed', () => {
    let cards = addRequest(addRequest([], 'c1', 'a', 0), 'c2', 'b', 0);
    cards = snoozeRequest(cards, 'c1', 0);
    cards = settleRequest(cards, { id: 'c1', assignee: { id: 'u2', name: 'Bob' }, status: 'open' });
    expect(ids(cards)).toEqual(['c2']);
    expect(settleRequest(cards, { id: 'c2', assignee: null, status: 'open' })).toBe(cards);
    expect(settleRequest(cards, { id: 'c2', assignee: null, status: 'closed' })).toEqual([]);
    expect(nextWakeAt(cards)).toBeNull();
  });

  it('a newer message of a snoozed request shows it again at once', () => {
    let cards = snoozeRequest(addRequest([], 'c1', 'a', 0), 'c1', 0);
    cards = addRequest(cards, 'c1', 'b', 0);
    expect(visibleRequests(cards, 1)).toHaveLength(1);
  });

  it('shows only cards whose chat waits in the Inbox, and never loses one to an older Inbox snapshot', () => {
    // A burst: c3 arrives while an Inbox refetch that started before it is in flight.
    let cards = addRequest(addRequest(addRequest([], 'c1', 'a', 0), 'c2', 'b', 0), 'c3', 'c', 1_000);
    const olderSnapshot = new Set(['c1', 'c2']);
    expect(ids(visibleRequests(cards, 1_500, olderSnapshot))).toEqual(['c2', 'c1']);
    cards = forgetLeftInbox(cards, olderSnapshot, 1_500);
    // The next Inbox has it: the card is back, in its place.
    expect(ids(visibleRequests(cards, 2_000, new Set(['c1', 'c2', 'c3'])))).toEqual(['c3', 'c2', 'c1']);
    // A chat taken while we were not listening leaves for good once the Inbox is surely newer.
    const later = 1_000 + STALE_SNAPSHOT_MS;
    expect(ids(forgetLeftInbox(cards, new Set(['c1', 'c2']), later))).toEqual(['c2', 'c1']);
    expect(forgetLeftInbox(cards, new Set(['c1', 'c2', 'c3']), later)).toBe(cards);
  });
});
