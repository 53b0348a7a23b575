import { createHmac } from 'node:crypto';
import { z } from 'zod';

/**
 * NAT traversal for calls (H1): the STUN/TURN servers from `ICE_SERVERS`, and short-lived TURN
 * credentials from `TURN_SECRET` in the TURN REST API scheme that coturn's `use-auth-secret` checks:
 * username = `<expiry unix seconds>:<user id>`, credential = base64(HMAC-SHA1(secret, username)).
 * Each call hands them out anew, so a leaked pair stops working after `TURN_TTL_SECONDS`.
 */
export const ZIceServer = z.object({
  urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof ZIceServer>;

export const ZIceServers = z.array(ZIceServer).max(10);

export interface IceConfig {
  iceServers: IceServer[];
  turnSecret: string | undefined;
  turnTtlSeconds: number;
}

/** `ICE_SERVERS` as JSON (an RTCIceServer array); throws a readable message for bad JSON. */
export function parseIceServers(json: string | undefined): IceServer[] {
  if (!json?.trim()) return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('ICE_SERVERS must be JSON: [{"urls":"stun:stun.example.com:3478"}, …]');
  }
  const parsed = ZIceServers.safeParse(value);
  if (!parsed.success) throw new Error('ICE_SERVERS must be an array of {urls, username?, credential?}');
  return parsed.data;
}

const isTurn = (url: string) => /^turns?:/i.test(url);

/** The TURN REST API pair for `userId`, valid until `now + ttl`. */
export function turnCredentials(secret: string, userId: string, ttlSeconds: number, now = Date.now()) {
  const username = `${Math.floor(now / 1000) + ttlSeconds}:${userId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential };
}

/**
 * The servers one party of a call gets: TURN entries without their own credentials get fresh ones
 * from the shared secret; entries with fixed credentials and STUN pass as configured.
 */
export function iceServersFor(config: IceConfig, userId: string, now = Date.now()): IceServer[] {
  return config.iceServers.map((server) => {
    const urls = Array.isArray(server.urls) ? server.urls : [server.urls];
    if (!config.turnSecret || server.username || !urls.some(isTurn)) return server;
    return { ...server, ...turnCredentials(config.turnSecret, userId, config.turnTtlSeconds, now) };
  });
}
