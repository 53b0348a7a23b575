import { describe, expect, it } from 'vitest';
import {
  addAcknowledged,
  hasTextBesidesMedia,
  isSeenByVisitor,
  mergeMessages,
  type TPendingMessage,
  transcriptItems,
  upsertMessage,
  withEarlierPage,
} from './chat-messages';

type TMessage = { id: string; clientId: string | null; createdAt: string; body: string };

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, second)).toISOString();
const message = (id: string, second: number, clientId: string | null = null): TMessage => ({
  id,
  clientId,
  createdAt: at(second),
  body: id,
});
const pending = (clientId: string, second: number): TPendingMessage => ({
  clientId,
  conversationId: 'c1',
  body: `draft ${clientId}`,
  createdAt: at(second),
  status: 'sending',
});

describe('upsertMessage', () => {
  it('appends a newer message and inserts an older one in time order', () => {
    const list = [message('a', 1), message('c', 3)];
    expect(upsertMessage(list, message('d', 4)).map((m) => m.id)).toEqual(['a', 'c', 'd']);
    expect(upsertMessage(list, message('b', 2)).map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('never duplicates a message that arrives twice (answer + event)', () => {
    const sent = message('m1', 5, 'client-1');
    const afterAnswer = upsertMessage([message('a', 1)], sent);
    const afterEvent = upsertMessage(afterAnswer, { ...sent });
    expect(afterEvent).toHaveLength(2);
    expect(afterEvent).toBe(afterAnswer);
  });

  it('matches by clientId when the ids differ, replacing in place', () => {
    const list = [message('a', 1), { ...message('temp', 2, 'client-1'), body: 'old' }];
    const next = upsertMessage(list, { ...message('m1', 2, 'client-1'), body: 'new' });
    expect(next.map((m) => [m.id, m.body])).toEqual([
      ['a', 'a'],
      ['m1', 'new'],
    ]);
  });

  it('merges a page of history without doubles', () => {
    const list = [message('c', 3), message('d', 4)];
    expect(mergeMessages(list, [message('a', 1), message('b', 2), message('c', 3)]).map((m) => m.id)).toEqual(
      ['a', 'b', 'c', 'd'],
    );
  });
});

describe('addAcknowledged', () => {
  it('adds the answer to our send when the live stream has not brought it yet', () => {
    expect(addAcknowledged([message('a', 1)], message('b', 2, 'c-b')).map((m) => m.id)).toEqual(['a', 'b']);
  });
  it('keeps the copy the live stream already brought (its delivery status may be newer)', () => {
    const live = { ...message('b', 2, 'c-b'), body: 'sent' };
    const list = [message('a', 1), live];
    expect(addAcknowledged(list, { ...message('b', 2, 'c-b'), body: 'pending' })).toBe(list);
  });
});

describe('transcriptItems', () => {
  it('shows a pending message until it is acknowledged', () => {
    const items = transcriptItems([message('a', 1)], [pending('client-1', 2)]);
    expect(items.map((item) => item.kind)).toEqual(['message', 'pending']);
  });

  it('drops the pending copy once the acknowledged message is in the list', () => {
    const acknowledged = upsertMessage([message('a', 1)], message('m1', 2, 'client-1'));
    const items = transcriptItems(acknowledged, [pending('client-1', 2)]);
    expect(items).toHaveLength(2);
    expect(items.every((item) => item.kind === 'message')).toBe(true);
  });

  it('keeps one copy when the live event arrives after the acknowledgement', () => {
    const afterAck = upsertMessage([message('a', 1)], message('m1', 2, 'client-1'));
    const afterEvent = upsertMessage(afterAck, message('m1', 2, 'client-1'));
    expect(transcriptItems(afterEvent, [])).toHaveLength(2);
  });

  it('keeps one copy when the live event arrives before the acknowledgement', () => {
    const afterEvent = upsertMessage([message('a', 1)], message('m1', 2, 'client-1'));
    // The send answer is still pending: the pending item is hidden by the event's clientId already.
    expect(transcriptItems(afterEvent, [pending('client-1', 2)])).toHaveLength(2);
    const afterAck = upsertMessage(afterEvent, message('m1', 2, 'client-1'));
    expect(transcriptItems(afterAck, [])).toHaveLength(2);
  });

  it('keeps several pending messages in the order they were written', () => {
    const items = transcriptItems([], [pending('x', 5), pending('y', 6)]);
    expect(items.map((item) => (item.kind === 'pending' ? item.pending.clientId : ''))).toEqual(['x', 'y']);
  });
});

describe('isSeenByVisitor', () => {
  it('is seen when the read mark is at or after the message', () => {
    expect(isSeenByVisitor({ createdAt: at(5) }, at(5))).toBe(true);
    expect(isSeenByVisitor({ createdAt: at(5) }, at(9))).toBe(true);
    expect(isSeenByVisitor({ createdAt: at(5) }, at(4))).toBe(false);
    expect(isSeenByVisitor({ createdAt: at(5) }, null)).toBe(false);
  });
});

describe('hasTextBesidesMedia', () => {
  const file = (body: string, names: string[]) => ({
    kind: 'file',
    body,
    attachments: names.map((name) => ({ name })),
  });
  it('shows a caption or a placeholder under files, not their names again', () => {
    expect(hasTextBesidesMedia(file('a.pdf', ['a.pdf']))).toBe(false);
    expect(hasTextBesidesMedia(file('a.pdf, b.png', ['a.pdf', 'b.png']))).toBe(false);
    expect(hasTextBesidesMedia(file('see attached', ['a.pdf']))).toBe(true);
    expect(hasTextBesidesMedia({ kind: 'text', body: 'hi' })).toBe(true);
    expect(hasTextBesidesMedia({ kind: 'gif', body: 'https://gif' })).toBe(false);
  });
});

describe('withEarlierPage', () => {
  const message = (id: string, createdAt: string) => ({ id, clientId: null, createdAt });
  it('merges an earlier page in order and takes its hasMore; leaves an empty cache alone', () => {
    const cached = { title: 'x', messages: [message('m3', '2026-01-01T00:00:03Z')], hasMore: true };
    const page = {
      messages: [message('m1', '2026-01-01T00:00:01Z'), message('m2', '2026-01-01T00:00:02Z')],
      hasMore: false,
    };
    expect(withEarlierPage(cached, page)).toEqual({
      title: 'x',
      messages: [
        message('m1', '2026-01-01T00:00:01Z'),
        message('m2', '2026-01-01T00:00:02Z'),
        message('m3', '2026-01-01T00:00:03Z'),
      ],
      hasMore: false,
    });
    expect(withEarlierPage(undefined, page)).toBeUndefined();
  });
});
