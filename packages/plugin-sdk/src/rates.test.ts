import { describe, expect, it } from 'vitest';
import { parseRates, rateFor } from './rates.js';

describe('phone rates (H4)', () => {
  const rates = {
    perMinute: [
      { prefix: '90', amount: 5 },
      { prefix: '90212', amount: 2 },
      { prefix: '1', amount: 1 },
    ],
    otherwise: 20,
  };

  it('accepts a valid declaration and finds the longest prefix', () => {
    const check = parseRates(rates);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(rateFor(check.rates, 'outbound', '+90 212 555 00 00')).toBe(2);
    expect(rateFor(check.rates, 'outbound', '+90 532 000 00 00')).toBe(5);
    expect(rateFor(check.rates, 'outbound', '0044 20 7946 0000')).toBe(20);
    expect(rateFor(check.rates, 'inbound', '+90 212 555 00 00')).toBe(0);
    expect(rateFor({ perMinute: [] }, 'outbound', '+44')).toBeNull();
    expect(rateFor({ perMinute: [], inbound: 3 }, 'inbound', '+44')).toBe(3);
  });

  it('refuses hostile or malformed declarations with one problem per field', () => {
    expect(parseRates(null).ok).toBe(false);
    expect(parseRates([]).ok).toBe(false);
    const bad = parseRates({
      perMinute: [
        { prefix: '+90', amount: 1 },
        { prefix: '44', amount: -1 },
        { prefix: '44', amount: 1.5 },
        null,
      ],
      otherwise: '3',
      inbound: Number.POSITIVE_INFINITY,
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems).toEqual([
      expect.stringContaining('perMinute[0].prefix'),
      expect.stringContaining('perMinute[1].amount'),
      expect.stringContaining('perMinute[2].prefix: "44" declared twice'),
      expect.stringContaining('perMinute[2].amount'),
      expect.stringContaining('perMinute[3].prefix'),
      expect.stringContaining('perMinute[3].amount'),
      expect.stringContaining('rates.otherwise'),
      expect.stringContaining('rates.inbound'),
    ]);
  });
});
