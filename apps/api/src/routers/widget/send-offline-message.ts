import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { MESSAGE_MAX } from '../../domain/live-chat/constants';
import { visitorOfflineMessage } from '../../domain/live-chat/widget';
import { CONTACT_NAME_MAX } from '../../lib/contact-schema';
import { ZEmail } from '../../lib/schemas';
import { ZClientId, ZText } from '../../lib/text';
import { visitorProcedure } from '../../trpc';

export const ZSendOfflineMessageInput = z.object({
  clientId: ZClientId,
  name: ZText(CONTACT_NAME_MAX),
  email: ZEmail,
  body: ZText(MESSAGE_MAX),
});
export const ZSendOfflineMessageOutput = typeOnly<ResultOf<typeof visitorOfflineMessage>>();

/** A message left while no agent is online. */
export const sendOfflineMessageProcedure = visitorProcedure
  .input(ZSendOfflineMessageInput)
  .output(ZSendOfflineMessageOutput)
  .mutation(({ ctx, input }) => visitorOfflineMessage(ctx.deps, ctx.visitor, input, ctx.client));
