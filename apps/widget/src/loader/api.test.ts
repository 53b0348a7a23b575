import { describe, expect, it, vi } from 'vitest';
import { createParley, type LoaderHost } from './api';

function setup() {
  const calls: string[] = [];
  const host: LoaderHost = {
    setOpen: (open) => calls.push(open ? 'open' : 'close'),
    post: (msg) =>
      calls.push(`${msg.parley}:${JSON.stringify('contact' in msg ? msg.contact : msg.identity)}`),
  };
  return { calls, parley: createParley(host) };
}

describe('window.Parley', () => {
  it('queues calls made before the frame is ready and replays them in order', () => {
    const { calls, parley } = setup();
    parley.api.open();
    parley.api.setContact({ name: 'Ada' });
    parley.api.close();
    expect(calls).toEqual([]);
    parley.markReady();
    expect(calls).toEqual(['open', 'contact:{"name":"Ada"}', 'close']);
    parley.api.open();
    expect(calls.at(-1)).toBe('open');
  });

  it('hands an early identity to the init message instead of posting it', () => {
    const { calls, parley } = setup();
    parley.api.identify({ userId: 'u1', hash: 'h' });
    expect(parley.takeIdentity()).toEqual({ userId: 'u1', hash: 'h' });
    parley.markReady();
    expect(calls).toEqual([]);
    parley.api.identify({ userId: 'u2', hash: 'h2' });
    expect(calls).toEqual(['identify:{"userId":"u2","hash":"h2"}']);
  });

  it('emits events to handlers, calls late ready handlers at once, and unsubscribes', () => {
    const { parley } = setup();
    const onUnread = vi.fn();
    const off = parley.api.on('unread', onUnread);
    parley.emit('unread', 2);
    off();
    parley.emit('unread', 3);
    expect(onUnread.mock.calls).toEqual([[2]]);
    parley.markReady();
    const onReady = vi.fn();
    parley.api.on('ready', onReady);
    expect(onReady).toHaveBeenCalledTimes(1);
  });

  it('isolates a throwing handler', () => {
    vi.useFakeTimers();
    const { parley } = setup();
    const after = vi.fn();
    parley.api.on('open', () => {
      throw new Error('host bug');
    });
    parley.api.on('open', after);
    parley.emit('open');
    expect(after).toHaveBeenCalled();
    expect(() => vi.runAllTimers()).toThrow('host bug');
    vi.useRealTimers();
  });
});
