import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { MESSAGE_MAX } from '../../domain/live-chat/constants';
import { visitorOfflineMessage } from '../../domain/live-chat/widget';
import { ZClientId, ZText } from '../../lib/text';
import { visitorProcedure } from '../../trpc';

export const ZSendOfflineMessageInput = z.object({
  clientId: ZClientId,
  name: ZText(100),
  email: z.string().trim().toLowerCase().max(254).email(),
  body: ZText(MESSAGE_MAX),
});
export const ZSendOfflineMessageOutput = typeOnly<ResultOf<typeof visitorOfflineMessage>>();

/** A message left while no agent is online. */
export const sendOfflineMessageProcedure = visitorProcedure
  .input(ZSendOfflineMessageInput)
  .output(ZSendOfflineMessageOutput)
  .mutation(({ ctx, input }) => visitorOfflineMessage(ctx.deps, ctx.visitor, input, ctx.client));
