/**
 * H4: what a phone plugin charges. A plugin with the (future) `phone` capability declares its
 * per-minute rates by destination prefix; the host reserves credit from the account's call balance
 * at the start of a call and settles on its real duration (apps/api/src/domain/calls/balance.ts).
 * Amounts are whole credit units (the account's minor units, e.g. cents), never fractions.
 */
export interface PhoneRates {
  /** Per-minute price by destination prefix: E.164 digits without `+` (`"90"`, `"90212"`). Longest match wins. */
  perMinute: readonly { prefix: string; amount: number }[];
  /** Per-minute price of an outbound call to a number no prefix matches; absent: such calls are refused. */
  otherwise?: number;
  /** Per-minute price of an inbound call (0 or absent: free). */
  inbound?: number;
}

export type RatesCheck = { ok: true; rates: PhoneRates } | { ok: false; problems: string[] };

const PREFIX = /^[1-9]\d{0,14}$/;
const MAX_AMOUNT = 1_000_000;
const isAmount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_AMOUNT;

/** Checks a plugin's `rates` declaration (hostile input: a third-party package wrote it). */
export function parseRates(value: unknown): RatesCheck {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, problems: ['rates: must be an object { perMinute, otherwise?, inbound? }'] };
  const r = value as Record<string, unknown>;
  const problems: string[] = [];
  const list = r.perMinute;
  if (!Array.isArray(list) || list.length > 5000) {
    problems.push('rates.perMinute: must be an array of { prefix, amount } (at most 5000)');
  } else {
    const seen = new Set<string>();
    list.forEach((entry, i) => {
      const e = (entry ?? {}) as Record<string, unknown>;
      if (typeof e.prefix !== 'string' || !PREFIX.test(e.prefix))
        problems.push(`rates.perMinute[${i}].prefix: must be 1 to 15 digits of an E.164 number, without "+"`);
      else if (seen.has(e.prefix))
        problems.push(`rates.perMinute[${i}].prefix: "${e.prefix}" declared twice`);
      else seen.add(e.prefix);
      if (!isAmount(e.amount))
        problems.push(`rates.perMinute[${i}].amount: must be a whole number from 0 to ${MAX_AMOUNT}`);
    });
  }
  for (const key of ['otherwise', 'inbound'] as const)
    if (r[key] !== undefined && !isAmount(r[key]))
      problems.push(`rates.${key}: must be a whole number from 0 to ${MAX_AMOUNT}`);
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    rates: {
      perMinute: (list as { prefix: string; amount: number }[]).map((e) => ({
        prefix: e.prefix,
        amount: e.amount,
      })),
      ...(r.otherwise !== undefined ? { otherwise: r.otherwise as number } : {}),
      ...(r.inbound !== undefined ? { inbound: r.inbound as number } : {}),
    },
  };
}

/**
 * The per-minute price of a call: inbound at `inbound` (0 when absent); outbound by the longest
 * prefix matching the number's digits, else `otherwise`; null when no rate applies (refuse the call).
 */
export function rateFor(rates: PhoneRates, direction: 'inbound' | 'outbound', number: string): number | null {
  if (direction === 'inbound') return rates.inbound ?? 0;
  const digits = number.replace(/[^\d]/g, '').replace(/^00/, '');
  let best: { prefix: string; amount: number } | null = null;
  for (const r of rates.perMinute)
    if (digits.startsWith(r.prefix) && (!best || r.prefix.length > best.prefix.length)) best = r;
  if (best) return best.amount;
  return rates.otherwise ?? null;
}
