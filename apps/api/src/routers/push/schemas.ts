import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import type { listPushDevices } from '../../domain/push';

// A browser's PushSubscription.toJSON(): base64url keys of fixed sizes (RFC 8291).
const ZBase64Url = z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/);

export const ZPushConfigOutput = z.object({ publicKey: z.string() });
export const ZSubscribePushInput = z.object({
  endpoint: z.string().url().max(2048),
  keys: z.object({ p256dh: ZBase64Url.min(80).max(100), auth: ZBase64Url.min(16).max(32) }),
  preview: z.boolean().default(false),
  userAgent: z.string().max(500).optional(),
});
export const ZSubscribePushOutput = z.object({ id: z.string() });
export const ZUnsubscribePushInput = z.object({ endpoint: z.string().max(2048) });
export const ZListPushDevicesOutput = typeOnly<ResultOf<typeof listPushDevices>>();
