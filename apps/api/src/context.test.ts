import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import { describe, expect, it } from 'vitest';
import { clientIp } from './context';

const req = (remote: string, xff?: string) =>
  ({
    socket: { remoteAddress: remote },
    connection: { remoteAddress: remote },
    headers: xff ? { 'x-forwarded-for': xff } : {},
  }) as unknown as IncomingMessage;

describe('clientIp', () => {
  it('ignores X-Forwarded-For from untrusted peers', () => {
    expect(clientIp(req('203.0.113.9', '1.2.3.4'), proxyaddr.compile([]))).toBe('203.0.113.9');
  });
  it('believes X-Forwarded-For from a trusted proxy, only up to the first untrusted hop', () => {
    const trust = proxyaddr.compile(['loopback']);
    expect(clientIp(req('127.0.0.1', '1.2.3.4'), trust)).toBe('1.2.3.4');
    expect(clientIp(req('127.0.0.1', '9.9.9.9, 1.2.3.4'), trust)).toBe('1.2.3.4');
  });
});
