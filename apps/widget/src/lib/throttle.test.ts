import { afterEach, describe, expect, it, vi } from 'vitest';
import { createThrottle } from './throttle';

afterEach(() => {
  vi.useRealTimers();
});

describe('createThrottle', () => {
  it('sends the first value at once, then at most once per interval with the latest value', () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const th = createThrottle(
      (v: string) => sent.push(v),
      350,
      () => Date.now(),
    );
    th.push('h');
    th.push('he');
    th.push('hel');
    expect(sent).toEqual(['h']);
    vi.advanceTimersByTime(350);
    expect(sent).toEqual(['h', 'hel']);
    th.push('hell');
    th.flush('');
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual(['h', 'hel', '']);
  });
});
