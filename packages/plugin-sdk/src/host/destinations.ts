import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { PluginError } from '../errors.js';

/**
 * Addresses a plugin must not reach unless the operator allows it: loopback, private (RFC 1918,
 * unique local), carrier-grade NAT, link-local (which holds the cloud metadata service at
 * 169.254.169.254 and fd00:ec2::254), "this network", multicast and reserved ranges. A plugin URL
 * pointing there would let whoever edits an install's settings probe and read the server's own
 * network (SSRF).
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address (v4, v6, or v4-mapped v6) is one plugins may not reach. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped) return blocked.check(mapped, 'ipv4');
  const family = isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family === 6) return blocked.check(ip, 'ipv6');
  return false;
}

export type ResolveHost = (hostname: string) => Promise<string[]>;

const resolveWithDns: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Resolves a destination and refuses it when any of its addresses is private. Every address
 * counts, so a name that resolves to one public and one private address is refused too. (A name
 * may still resolve differently a moment later; the check runs on every request and redirect.)
 */
export async function assertPublicDestination(
  hostname: string,
  stamp: { plugin?: string; installId?: string } = {},
  resolve: ResolveHost = resolveWithDns,
): Promise<void> {
  const host = hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch (error) {
    throw new PluginError(`cannot resolve ${host}`, { kind: 'network', cause: error, ...stamp });
  }
  if (addresses.some(isPrivateAddress)) {
    throw new PluginError(`destination ${host} is on a private network`, {
      kind: 'config',
      code: 'private_destination',
      retryable: false,
      ...stamp,
    });
  }
}
