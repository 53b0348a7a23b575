import { createHmac } from 'node:crypto';
import { safeEqual } from '../util.js';

/**
 * Stripe's webhook signature (docs.stripe.com/webhooks#verify-manually): the `Stripe-Signature`
 * header is `t=<unix seconds>,v1=<hex>[,v1=<hex>…][,v0=…]`, each v1 the HMAC-SHA256 of
 * `${t}.${raw body}` keyed with the endpoint's whole `whsec_…` secret. Several v1 appear while a
 * secret is being rolled; any one matching is enough. Written by hand: the `stripe` package is large
 * for these few lines and no small maintained verifier exists.
 */
export const STRIPE_TOLERANCE_SECONDS = 300;

export function stripeSignature(secret: string, payload: string | Buffer, timestamp: number): string {
  const mac = createHmac('sha256', secret)
    .update(`${timestamp}.`)
    .update(typeof payload === 'string' ? Buffer.from(payload) : payload)
    .digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export function verifyStripeSignature(
  secret: string,
  payload: Buffer,
  header: string | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = STRIPE_TOLERANCE_SECONDS,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing' };
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const key = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) v1.push(value);
  }
  if (t === undefined || v1.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return { ok: false, reason: 'stale' };
  const expected = createHmac('sha256', secret).update(`${t}.`).update(payload).digest('hex');
  // Compare against every candidate (no early exit), each in constant time.
  let match = false;
  for (const candidate of v1) if (safeEqual(expected, candidate)) match = true;
  return match ? { ok: true } : { ok: false, reason: 'mismatch' };
}
