import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import type { sendAgentGif } from '../../domain/live-chat/attachments';
import { ZId } from '../../lib/schemas';
import { ZClientId } from '../../lib/text';

/** Provider URLs only: http(s), never javascript: or data: that a client might render. */
const ZMediaUrl = z.url({ protocol: /^https?$/ }).max(2000);

export const ZGifProviderOutput = z.object({ provider: z.string().nullable() });
export const ZSendGifInput = z.object({
  conversationId: ZId,
  clientId: ZClientId,
  gif: z.object({
    url: ZMediaUrl,
    previewUrl: ZMediaUrl,
    width: z.number().int().min(1).max(4000),
    height: z.number().int().min(1).max(4000),
    provider: z.string().trim().min(1).max(50),
    title: z.string().trim().max(200).default(''),
  }),
});
export const ZSendGifOutput = typeOnly<ResultOf<typeof sendAgentGif>>();
