import { describe, expect, it } from 'vitest';
import { resumingSubscription, trackedId } from './resume';

type H = Parameters<Parameters<typeof resumingSubscription<unknown>>[0]>[1];

/** A stand-in for a tRPC subscription: records each start's input and lets the test drive it. */
function fakeServer() {
  const starts: { input: { lastEventId?: string }; h: H; unsubscribed: boolean }[] = [];
  const subscribe = (input: { lastEventId?: string }, h: H) => {
    const s = { input, h, unsubscribed: false };
    starts.push(s);
    queueMicrotask(() => h.onStarted());
    return {
      unsubscribe() {
        s.unsubscribed = true;
      },
    };
  };
  return { starts, subscribe, last: () => starts[starts.length - 1]! };
}
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));
const slowConsumer = Object.assign(new Error('Subscriber fell too far behind; reconnect to catch up'), {
  data: { code: 'INTERNAL_SERVER_ERROR' },
});

describe('the bench harness resumes live streams the server ends', () => {
  it('after a slow-consumer cut it subscribes again from the last tracked id, and only then', async () => {
    const server = fakeServer();
    const got: unknown[] = [];
    const resumed: (string | undefined)[] = [];
    const sub = resumingSubscription(
      server.subscribe,
      {
        onData: (d) => got.push(d),
        onResume: (_e, id) => resumed.push(id),
      },
      { retryDelayMs: () => 1 },
    );
    expect(server.starts[0]!.input).toEqual({});
    server.last().h.onData({ id: '7', data: { type: 'message' } });
    server.last().h.onData({ type: 'typing' }); // ephemeral: no id, keeps the last one
    server.last().h.onData({ id: '9', data: { type: 'message' } });
    server.last().h.onError(slowConsumer);
    server.last().h.onStopped?.(); // the same end, reported twice, resumes once
    expect(server.starts[0]!.unsubscribed).toBe(true);
    await tick();
    expect(server.starts).toHaveLength(2);
    expect(server.starts[1]!.input).toEqual({ lastEventId: '9' });
    expect(resumed).toEqual(['9']);
    expect(sub.resumes()).toBe(1);
    expect(got).toHaveLength(3);
    // Events of the ended stream that arrive late are not delivered twice.
    server.starts[0]!.h.onData({ id: '8', data: {} });
    expect(got).toHaveLength(3);
    server.last().h.onData({ id: '10', data: {} });
    expect(sub.lastEventId()).toBe('10');
    sub.unsubscribe();
    expect(server.last().unsubscribed).toBe(true);
    server.last().h.onError(slowConsumer);
    await tick();
    expect(server.starts).toHaveLength(2);
  });

  it('does not resume a stream refused for rights, nor after unsubscribe while waiting to resume', async () => {
    const server = fakeServer();
    const failed: unknown[] = [];
    resumingSubscription(
      server.subscribe,
      { onData: () => {}, onFailed: (e) => failed.push(e) },
      {
        retryDelayMs: () => 1,
      },
    );
    server.last().h.onError({ data: { code: 'UNAUTHORIZED' } });
    await tick();
    expect(server.starts).toHaveLength(1);
    expect(failed).toHaveLength(1);

    const other = fakeServer();
    const sub = resumingSubscription(other.subscribe, { onData: () => {} }, { retryDelayMs: () => 20 });
    other.last().h.onError(slowConsumer);
    sub.unsubscribe();
    await tick(40);
    expect(other.starts).toHaveLength(1);
  });

  it('reads the id of tracked events only', () => {
    expect(trackedId({ id: '3', data: {} })).toBe('3');
    expect(trackedId({ type: 'typing' })).toBeUndefined();
    expect(trackedId({ id: '', data: {} })).toBeUndefined();
    expect(trackedId(null)).toBeUndefined();
  });
});
