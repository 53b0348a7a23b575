import { assertPublicDestination, type ResolveHost } from '@parley/plugin-sdk/host';
import { AppError } from '../../errors';

export interface DestinationRule {
  /** ALLOW_PRIVATE_NETWORK_DESTINATIONS: loopback, private and link-local addresses are allowed. */
  allowPrivateNetwork: boolean;
  /** DNS lookup; tests pass their own. */
  resolve?: ResolveHost;
}

const refused = (code: string, message: string) => new AppError('bad_request', code, message, { url: code });

/** Parses an endpoint URL: http(s), no user:password part, at most 2,000 characters. */
export function parseEndpointUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw refused('webhooks.invalid_url', 'Enter a full http:// or https:// address');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || raw.length > 2000)
    throw refused('webhooks.invalid_url', 'Enter a full http:// or https:// address');
  if (url.username || url.password)
    throw refused('webhooks.invalid_url', 'The address must not contain a user name or password');
  url.hash = '';
  return url;
}

/**
 * The SSRF rule (the plugin host's guard, packages/plugin-sdk/src/host/destinations.ts): every
 * address the name resolves to must be public unless the operator allows private destinations.
 * Checked when an admin saves the URL and again before every attempt (DNS may change meanwhile).
 */
export async function checkDestination(url: URL, rule: DestinationRule): Promise<void> {
  if (rule.allowPrivateNetwork) return;
  try {
    await assertPublicDestination(url.hostname, {}, rule.resolve);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'private_destination')
      throw refused(
        'webhooks.private_destination',
        'This address is on a private network; webhooks cannot go there',
      );
    throw refused('webhooks.unresolvable', 'This host name cannot be resolved');
  }
}
