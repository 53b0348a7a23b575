import { redactRoute, redactText } from '@parley/api/client-log-redact';
import { describe, expect, it } from 'vitest';
import { installErrorCapture, type TCaptureTarget } from './capture';
import { ErrorRing, RING_SIZE } from './ring';

describe('error ring', () => {
  it('keeps the newest RING_SIZE entries', () => {
    const ring = new ErrorRing();
    for (let i = 0; i < RING_SIZE + 50; i++) ring.add({ level: 'warn', source: 'console', message: `n${i}` });
    const kept = ring.snapshot();
    expect(kept).toHaveLength(RING_SIZE);
    expect(kept[0]?.message).toBe('n50');
    expect(kept.at(-1)?.message).toBe(`n${RING_SIZE + 49}`);
  });

  it('stores only redacted text', () => {
    const ring = new ErrorRing(5);
    ring.add({
      level: 'error',
      source: 'window',
      message: 'TypeError: failed to send "Hi, my address is 12 Long Street, please call" to a@b.co',
      route: '/reset-password/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo',
      stack: 'TypeError\n at x (https://console.test/assets/app.js?token=abc:1:2)',
    });
    const [entry] = ring.snapshot();
    expect(entry?.message).toBe('TypeError: failed to send "[text]" to [email]');
    expect(entry?.route).toBe('/reset-password/[token]');
    expect(entry?.stack).not.toContain('token=abc');
  });

  it('redacts phone numbers and tokens but keeps ids and short quoted names', () => {
    const id = '0193a5c2-7f1e-7c3a-9d2b-2f6a1b3c4d5e';
    expect(redactText(`chat ${id} call 0532 123 4567`)).toBe(`chat ${id} call [number]`);
    expect(redactText("reading 'avatarUrl'")).toBe("reading 'avatarUrl'");
    expect(redactText('key sk_live_0123456789abcdefABCDEF0123456789')).toBe('key [token]');
    expect(redactRoute(`/chats/${id}?q=jane`)).toBe(`/chats/${id}`);
  });
});

describe('capture', () => {
  it('records window errors, rejections, failed API calls and console warnings', () => {
    const target = new EventTarget() as EventTarget & TCaptureTarget;
    const calls: unknown[] = [];
    Object.assign(target, {
      location: { pathname: '/inbox' },
      console: { error: (...a: unknown[]) => calls.push(a), warn: (...a: unknown[]) => calls.push(a) },
    });
    const ring = new ErrorRing();
    const stop = installErrorCapture(target, ring);
    const error = Object.assign(new Event('error'), { error: new Error('boom'), message: 'boom' });
    target.dispatchEvent(error);
    target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: 'nope' }));
    target.dispatchEvent(
      Object.assign(new Event('parley:api-error'), { detail: { path: 'chats.send', code: 'NOT_FOUND' } }),
    );
    target.console.warn('careful', { secret: 'x' });
    stop();
    target.console.warn('after stop');
    expect(calls).toHaveLength(2);
    expect(ring.snapshot().map((e) => [e.source, e.level, e.message, e.route])).toEqual([
      ['window', 'error', 'Error: boom', '/inbox'],
      ['promise', 'error', 'nope', '/inbox'],
      ['trpc', 'warn', 'chats.send failed: NOT_FOUND', '/inbox'],
      ['console', 'warn', 'careful', '/inbox'],
    ]);
    expect(ring.snapshot()[2]).toMatchObject({ path: 'chats.send', code: 'NOT_FOUND' });
  });
});
