import { signedHeaders } from 'parley-plugin-example';
import type { Page } from 'playwright-core';
import { shows } from './console';

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

/**
 * On Add channel with the example bridge chosen: fills its form (generated from its config schema),
 * adds the channel and returns the webhook URL the console shows.
 */
export async function fillBridgeChannel(page: Page, name: string, secret = BRIDGE_SECRET): Promise<string> {
  await page.getByLabel('Channel name', { exact: true }).fill(name);
  await page.getByLabel('Outbound URL', { exact: true }).fill('http://127.0.0.1:9/replies');
  await page.getByLabel('Signing secret', { exact: true }).fill(secret);
  await page.getByRole('button', { name: 'Add channel', exact: true }).click();
  await shows(page.getByRole('heading', { name: 'Channel added' }));
  return page.getByRole('textbox', { name: 'Webhook URL' }).inputValue();
}
