import { describe, expect, it } from 'vitest';
import { callClock } from './call-peer';

describe('callClock', () => {
  const at = '2026-01-01T10:00:00.000Z';
  const t0 = Date.parse(at);
  it('counts from the answer, m:ss under an hour, h:mm:ss after', () => {
    expect(callClock(null, t0)).toBe('0:00');
    expect(callClock(at, t0 - 5000)).toBe('0:00');
    expect(callClock(at, t0 + 65_000)).toBe('1:05');
    expect(callClock(at, t0 + 3_725_000)).toBe('1:02:05');
  });
});
