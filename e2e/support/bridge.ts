import { signedHeaders } from 'parley-plugin-example';

/** The signing secret the third-party plugin suites type into the example bridge channel's form. */
export const BRIDGE_SECRET = 'bridge-signing-secret-0123';

/**
 * What the bridged service sends the example plugin's webhook:
 * `X-Parley-Signature: sha256=HMAC(secret, "<ts>.<body>")`.
 */
export function signedPost(url: string, message: object, secret = BRIDGE_SECRET) {
  const body = JSON.stringify(message);
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedHeaders(secret, body) },
    body,
  });
}
