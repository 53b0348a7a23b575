import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`, the scheme of this bridge. */
export function sign(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export function verify(secret: string, timestamp: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(sign(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The two headers a signed request carries, in both directions of the bridge. */
export function signedHeaders(
  secret: string,
  body: Buffer | string,
  timestamp = String(Math.floor(Date.now() / 1000)),
): { 'x-parley-timestamp': string; 'x-parley-signature': string } {
  return { 'x-parley-timestamp': timestamp, 'x-parley-signature': sign(secret, timestamp, body) };
}
