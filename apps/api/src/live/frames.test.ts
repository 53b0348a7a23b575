import { describe, expect, it } from 'vitest';
import { liveFrameEncoder, markShared } from './frames';

const event = () => ({
  type: 'message',
  conversationId: 'c1',
  message: {
    id: 'm1',
    body: 'Merhaba "dünya" \u2028 </script>',
    at: new Date('2026-12-07T10:00:00Z'),
    n: 1.5,
  },
  gone: undefined,
});

describe('liveFrameEncoder', () => {
  it('writes a shared payload frame byte for byte as JSON.stringify does, tracked or not', () => {
    const payload = event();
    markShared(payload);
    const frames = [
      { id: 7, jsonrpc: '2.0', result: { type: 'data', id: '42', data: { id: '42', data: payload } } },
      { id: 7, result: { type: 'data', id: '43', data: { id: '43', data: payload } } },
      { id: 'sub-1', jsonrpc: undefined, result: { type: 'data', data: payload } },
      { id: null, result: { type: 'data', data: payload } },
    ];
    for (const frame of frames) expect(liveFrameEncoder.encode(frame)).toBe(JSON.stringify(frame));
  });

  it('serialises a shared payload once for all its subscribers', () => {
    const payload = event();
    markShared(payload);
    let reads = 0;
    const counted = new Proxy(payload, {
      get(target, key, receiver) {
        if (key === 'type') reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    markShared(counted);
    for (let i = 0; i < 20; i++)
      liveFrameEncoder.encode({ id: i, result: { type: 'data', id: '9', data: { id: '9', data: counted } } });
    expect(reads).toBe(1);
  });

  it('leaves every other frame to JSON.stringify: results, errors, unshared events, other shapes', () => {
    const unshared = event();
    const shared = event();
    markShared(shared);
    const frames: unknown[] = [
      { id: 1, result: { type: 'data', data: unshared } },
      { id: 1, result: { type: 'data', id: '5', data: { id: '5', data: unshared } } },
      { id: 1, result: { type: 'started' } },
      { id: 1, result: { type: 'stopped' } },
      { id: null, error: { message: 'Bad', code: -32600, data: { appCode: 'x' } } },
      { id: 1, result: { type: 'data', data: 'text' } },
      { id: 1, result: { type: 'data', id: '5', data: { id: '6', data: shared } } },
      { id: 1, extra: true, result: { type: 'data', data: shared } },
      { result: { type: 'data', data: shared } },
      { type: 'reconnect', id: null, method: 'reconnect' },
    ];
    for (const frame of frames) expect(liveFrameEncoder.encode(frame)).toBe(JSON.stringify(frame));
  });

  it('decodes text frames as JSON and refuses binary ones, like tRPC’s default', () => {
    expect(liveFrameEncoder.decode('{"id":1,"method":"query"}')).toEqual({ id: 1, method: 'query' });
    expect(() => liveFrameEncoder.decode(new Uint8Array([1]))).toThrow(/text frames/);
  });
});
