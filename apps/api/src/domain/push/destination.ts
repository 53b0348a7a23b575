import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPrivateAddress } from '@parley/plugin-sdk/host';

/**
 * A push endpoint is a URL the browser's push service gave, sent to us by the console: hostile
 * input. It must be https, and (unless ALLOW_PRIVATE_NETWORK_DESTINATIONS, for tests and LAN
 * setups) resolve to public addresses only (the ranges plugins and webhooks may not reach either),
 * so a subscription cannot make the server POST inside its own network. Checked when subscribing
 * and again before every send.
 */
export async function isAllowedEndpoint(endpoint: string, allowPrivate: boolean): Promise<boolean> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (allowPrivate) return url.protocol === 'https:' || url.protocol === 'http:';
  if (url.protocol !== 'https:') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  try {
    const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
    return addresses.length > 0 && !addresses.some(isPrivateAddress);
  } catch {
    return false;
  }
}
