import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import type {
  createWebsiteChannel,
  getChannel,
  listChannels,
  rotateChannelSecret,
  updateChannel,
} from '../../domain/live-chat/channels';
import { ZWebsiteConfigPatch } from '../../domain/live-chat/website-config';
import { ZId } from '../../lib/schemas';

const ZChannelName = z.string().trim().min(1).max(100);

export const ZListChannelsOutput = typeOnly<ResultOf<typeof listChannels>>();
export const ZChannelIdInput = z.object({ id: ZId });
export const ZGetChannelOutput = typeOnly<ResultOf<typeof getChannel>>();
export const ZCreateChannelInput = z.object({
  kind: z.literal('website'),
  name: ZChannelName,
  config: ZWebsiteConfigPatch.optional(),
});
export const ZCreateChannelOutput = typeOnly<ResultOf<typeof createWebsiteChannel>>();
export const ZUpdateChannelInput = z.object({
  id: ZId,
  name: ZChannelName.optional(),
  enabled: z.boolean().optional(),
  config: ZWebsiteConfigPatch.optional(),
});
export const ZUpdateChannelOutput = typeOnly<ResultOf<typeof updateChannel>>();
export const ZRotateSecretOutput = typeOnly<ResultOf<typeof rotateChannelSecret>>();
