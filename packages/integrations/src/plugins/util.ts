import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookRequest } from '@parley/plugin-sdk';
import { PluginError, providerError } from '@parley/plugin-sdk';

/** One header value (names are lower case in WebhookRequest). */
export function header(request: Pick<WebhookRequest, 'headers'>, name: string): string | undefined {
  const v = request.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Meta's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`. */
export function verifyHubSignature(
  appSecret: string,
  rawBody: Buffer,
  signature: string | undefined,
): boolean {
  if (!signature?.startsWith('sha256=')) return false;
  const expected = `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
  return safeEqual(expected, signature);
}

/** JSON body of a successful response, or a PluginError of the right kind. */
export async function jsonOrThrow<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw await providerError(res, what);
  try {
    return (await res.json()) as T;
  } catch (error) {
    throw new PluginError(`${what}: invalid JSON from provider`, { kind: 'provider', cause: error });
  }
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Parse a JSON webhook body, or nothing. */
export function parseJson(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch {
    return undefined;
  }
}
