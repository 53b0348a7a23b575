import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { startWithVisitor } from '../../domain/live-chat/chats';
import { MESSAGE_MAX } from '../../domain/live-chat/constants';
import { chatDeps } from '../../lib/handler-deps';
import { ZId } from '../../lib/schemas';
import { ZClientId, ZText } from '../../lib/text';
import { agentProcedure } from '../../trpc';

export const ZStartWithVisitorInput = z.object({
  visitorId: ZId,
  clientId: ZClientId,
  body: ZText(MESSAGE_MAX),
});
export const ZStartWithVisitorOutput = typeOnly<ResultOf<typeof startWithVisitor>>();

/** An agent starts a chat with a visitor on the site. */
export const startWithVisitorProcedure = agentProcedure
  .input(ZStartWithVisitorInput)
  .output(ZStartWithVisitorOutput)
  .mutation(({ ctx, input }) => startWithVisitor(chatDeps(ctx.deps), ctx.actor, input));
