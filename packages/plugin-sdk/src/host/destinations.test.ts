import { describe, expect, it } from 'vitest';
import { PluginError } from '../errors.js';
import { assertPublicDestination, isPrivateAddress } from './destinations.js';
import { createGuardedFetch } from './fetch.js';

describe('isPrivateAddress', () => {
  it('refuses loopback, private, link-local, metadata and reserved addresses in v4, v6 and v4-mapped', () => {
    for (const ip of [
      '127.0.0.1',
      '127.8.9.10',
      '0.0.0.0',
      '10.0.0.1',
      '100.64.1.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.0.10',
      '169.254.169.254',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fd00:ec2::254',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::FFFF:10.0.0.1',
      '[::1]',
    ])
      expect(isPrivateAddress(ip), ip).toBe(true);
  });
  it('lets public addresses through', () => {
    for (const ip of ['8.8.8.8', '172.32.0.1', '192.169.0.1', '2606:4700:4700::1111', '::ffff:1.1.1.1'])
      expect(isPrivateAddress(ip), ip).toBe(false);
  });
});

describe('assertPublicDestination', () => {
  it('refuses a name when any of its addresses is private', async () => {
    const resolve = async () => ['93.184.216.34', '10.0.0.7'];
    await expect(assertPublicDestination('mixed.example', {}, resolve)).rejects.toMatchObject({
      code: 'private_destination',
      retryable: false,
    });
    await expect(
      assertPublicDestination('ok.example', {}, async () => ['93.184.216.34']),
    ).resolves.toBeUndefined();
  });
});

describe('guarded fetch with private destinations refused', () => {
  it('refuses a redirect into the metadata service', async () => {
    const seen: string[] = [];
    // The network under the guarded fetch: a public host that redirects.
    const fetchImpl = (async (url: URL) => {
      seen.push(String(url));
      return new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/latest/' } });
    }) as unknown as typeof fetch;
    const guarded = createGuardedFetch({
      plugin: 'translator-test',
      allowedHosts: ['93.184.216.34', '169.254.169.254'],
      timeoutMs: 1000,
      fetchImpl,
      refusePrivateNetwork: true,
    });
    const error = await guarded('http://93.184.216.34/translate').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginError);
    expect((error as PluginError).code).toBe('private_destination');
    expect(seen).toEqual(['http://93.184.216.34/translate']);
  });
});
