import { describe, expect, it } from 'vitest';
import { createFlusher, createOutbox, type PendingMessage, type SendOutcome } from './outbox';
import { createSharedStorage } from './storage';

const item = (clientId: string, body = `hi ${clientId}`): PendingMessage => ({
  clientId,
  body,
  createdAt: '2026-01-01T00:00:00.000Z',
  invitationText: null,
});

describe('outbox', () => {
  it('persists through the storage interface, so a reload (new outbox) still has it', () => {
    const storage = createSharedStorage();
    createOutbox(storage, 'k').enqueue(item('a'));
    expect(
      createOutbox(storage, 'k')
        .list()
        .map((p) => p.clientId),
    ).toEqual(['a']);
  });

  it('enqueues each clientId once and keeps order', () => {
    const box = createOutbox(createSharedStorage(), 'k');
    box.enqueue(item('a'));
    box.enqueue(item('b'));
    box.enqueue(item('a', 'again'));
    expect(box.list().map((p) => p.body)).toEqual(['hi a', 'hi b']);
  });

  it('settles entries the server already delivered (dedupe by clientId)', () => {
    const storage = createSharedStorage();
    const box = createOutbox(storage, 'k');
    box.enqueue(item('a'));
    box.enqueue(item('b'));
    expect(box.settle([{ clientId: 'a' }, { clientId: null }]).map((p) => p.clientId)).toEqual(['b']);
    box.remove('b');
    expect(storage.getItem('k')).toBeNull();
  });

  it('survives garbage in storage', () => {
    const storage = createSharedStorage();
    storage.setItem('k', '{not json');
    expect(createOutbox(storage, 'k').list()).toEqual([]);
    storage.setItem('k', JSON.stringify([{ nope: 1 }, item('x')]));
    expect(
      createOutbox(storage, 'k')
        .list()
        .map((p) => p.clientId),
    ).toEqual(['x']);
  });
});

describe('flusher', () => {
  it('sends everything once, in order, even when flushed again meanwhile', async () => {
    const box = createOutbox(createSharedStorage(), 'k');
    box.enqueue(item('a'));
    box.enqueue(item('b'));
    const sent: string[] = [];
    const flush = createFlusher(box, async (p) => {
      sent.push(p.clientId);
      await new Promise((r) => setTimeout(r, 5));
      return 'sent';
    });
    const first = flush();
    box.enqueue(item('c'));
    await Promise.all([first, flush(), flush()]);
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(box.list()).toEqual([]);
  });

  it('stops on a transient failure and resumes on the next flush (reconnect)', async () => {
    const box = createOutbox(createSharedStorage(), 'k');
    box.enqueue(item('a'));
    box.enqueue(item('b'));
    let online = false;
    const sent: string[] = [];
    const flush = createFlusher(box, async (p): Promise<SendOutcome> => {
      if (!online) return 'retry';
      sent.push(p.clientId);
      return 'sent';
    });
    await flush();
    expect(box.list()).toHaveLength(2);
    online = true;
    await flush();
    expect(sent).toEqual(['a', 'b']);
  });

  it('runs again when asked during a round that stopped on a transient failure', async () => {
    const box = createOutbox(createSharedStorage(), 'k');
    box.enqueue(item('a'));
    let online = false;
    const sent: string[] = [];
    const flush = createFlusher(box, async (p): Promise<SendOutcome> => {
      if (!online) return 'retry';
      sent.push(p.clientId);
      return 'sent';
    });
    const first = flush();
    online = true; // the socket reconnects before the first round has settled
    await Promise.all([first, flush()]);
    expect(sent).toEqual(['a']);
  });

  it('marks refused messages failed, skips them, and retries them only when asked', async () => {
    const box = createOutbox(createSharedStorage(), 'k');
    box.enqueue(item('bad'));
    box.enqueue(item('ok'));
    const calls: string[] = [];
    const flush = createFlusher(box, async (p) => {
      calls.push(p.clientId);
      return p.clientId === 'bad' ? 'failed' : 'sent';
    });
    await flush();
    await flush();
    expect(calls).toEqual(['bad', 'ok']);
    expect(box.list()).toEqual([{ ...item('bad'), failed: true }]);
    box.markFailed('bad', false);
    await flush();
    expect(calls).toEqual(['bad', 'ok', 'bad']);
  });
});
