import { describe, expect, it } from 'vitest';
import { applyDeliveryStatus, CLOSING_SOON_MS, replyWindowState } from './delivery';

describe('applyDeliveryStatus', () => {
  const messages = [{ id: 'a' }, { id: 'b', delivery: { status: 'pending' as const, error: null } }];

  it('updates the message the event names and nothing else', () => {
    const next = applyDeliveryStatus(messages, {
      type: 'message.status',
      messageId: 'b',
      conversationId: 'c',
      status: 'failed',
      error: 'outside the window',
    });
    expect(next[1]?.delivery).toEqual({ status: 'failed', error: 'outside the window' });
    expect(next[0]).toBe(messages[0]);
    expect(messages[1]?.delivery?.status).toBe('pending');
  });

  it('returns the same list for a message it does not hold', () => {
    const event = { type: 'message.status', messageId: 'x', conversationId: 'c', status: 'sent' } as const;
    expect(applyDeliveryStatus(messages, event)).toBe(messages);
  });
});

describe('replyWindowState', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const at = (ms: number) => new Date(now + ms).toISOString();

  it('is open, closing soon, closed, or absent', () => {
    expect(replyWindowState({ closesAt: at(10 * 3600_000) }, now).state).toBe('open');
    expect(replyWindowState({ closesAt: at(CLOSING_SOON_MS - 1) }, now).state).toBe('closing');
    expect(replyWindowState({ closesAt: at(-1) }, now).state).toBe('closed');
    expect(replyWindowState({ closesAt: null }, now).state).toBe('none');
    expect(replyWindowState(null, now).state).toBe('none');
  });
});
