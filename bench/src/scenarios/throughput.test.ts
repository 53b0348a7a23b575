import { describe, expect, it } from 'vitest';
import type { PhaseResult } from '../lib/chatload';
import { stepUpEnds } from './throughput';

const step = (targetRate: number, p99: number, ackRate = targetRate, shed = 0) =>
  ({ targetRate, ackRate, shed, v2a: { p99 }, a2v: { p99: 5 } }) as PhaseResult;

describe('stepUpEnds', () => {
  it('goes on after one step over 100 ms and ends after two in a row', () => {
    expect(stepUpEnds([step(100, 10), step(200, 150)], 2)).toBe(false);
    expect(stepUpEnds([step(100, 10), step(200, 150), step(300, 20)], 2)).toBe(false);
    expect(
      stepUpEnds([step(100, 10), step(200, 150), step(300, 20), step(450, 120), step(600, 300)], 2),
    ).toBe(true);
  });

  it('ends at the first step over 100 ms under the original rule', () => {
    expect(stepUpEnds([step(100, 10), step(200, 150)], 1)).toBe(true);
  });

  it('ends at once when the server falls behind or sheds sends', () => {
    expect(stepUpEnds([step(900, 40, 700)], 2)).toBe(true);
    expect(stepUpEnds([step(900, 40, 900, 3)], 2)).toBe(true);
  });
});
