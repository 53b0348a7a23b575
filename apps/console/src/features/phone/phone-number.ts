/**
 * H2: phone numbers as agents type or paste them. The server normalises the same way
 * (api: domain/calls/phone.ts `normalizeNumber`); checking here says what is wrong before a request.
 */
const E164 = /^\+[1-9]\d{6,14}$/;

/** "+90 (532) 123-45-67" or "0090 532…" → "+905321234567"; null when it is not an international number. */
export function normalizeNumber(input: string): string | null {
  const digits = input.trim().replace(/[\s().\-\u00a0]/g, '');
  const e164 = digits.startsWith('00') ? `+${digits.slice(2)}` : digits;
  return E164.test(e164) ? e164 : null;
}

/** What a dial pad keeps of pasted text: digits, one leading +, and the keypad's * and #. */
export function cleanPasted(text: string): string {
  const kept = text.replace(/[^\d+*#]/g, '');
  return kept.startsWith('+') ? `+${kept.slice(1).replace(/\+/g, '')}` : kept.replace(/\+/g, '');
}

/** mm:ss (or h:mm:ss) of a call's duration. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
