import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iceServersFor, parseIceServers, turnCredentials } from './ice';

describe('ICE servers', () => {
  it('reads ICE_SERVERS as JSON and refuses what is not an RTCIceServer list', () => {
    expect(parseIceServers(undefined)).toEqual([]);
    expect(parseIceServers('[{"urls":"stun:stun.example.com:3478"}]')).toEqual([
      { urls: 'stun:stun.example.com:3478' },
    ]);
    expect(() => parseIceServers('stun:x')).toThrow(/must be JSON/);
    expect(() => parseIceServers('[{"url":"stun:x"}]')).toThrow(/array of/);
  });

  it("makes coturn's use-auth-secret pair: expiry:user, base64 HMAC-SHA1 of it", () => {
    const now = Date.UTC(2026, 0, 1);
    const { username, credential } = turnCredentials('s3cret', 'visitor-1', 600, now);
    expect(username).toBe(`${now / 1000 + 600}:visitor-1`);
    expect(credential).toBe(createHmac('sha1', 's3cret').update(username).digest('base64'));
  });

  it('adds credentials to TURN entries only, and only those without their own', () => {
    const servers = iceServersFor(
      {
        iceServers: [
          { urls: 'stun:turn.example.com:3478' },
          { urls: ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349'] },
          { urls: 'turn:fixed.example.com', username: 'u', credential: 'p' },
        ],
        turnSecret: 'k',
        turnTtlSeconds: 60,
      },
      'agent-7',
    );
    expect(servers[0]).toEqual({ urls: 'stun:turn.example.com:3478' });
    expect(servers[1]?.username).toMatch(/^\d+:agent-7$/);
    expect(servers[1]?.credential).toBeTruthy();
    expect(servers[2]).toEqual({ urls: 'turn:fixed.example.com', username: 'u', credential: 'p' });
  });
});
