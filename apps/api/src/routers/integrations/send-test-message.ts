import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { sendTestMessage } from '../../domain/integrations/installs';
import { ZId } from '../../lib/schemas';
import { adminProcedure } from '../../trpc';
import { integrationDeps } from './deps';

export const ZSendTestMessageInput = z.object({ id: ZId, to: z.string().max(320).optional() });
export const ZSendTestMessageOutput = typeOnly<ResultOf<typeof sendTestMessage>>();

export const sendTestMessageProcedure = adminProcedure
  .input(ZSendTestMessageInput)
  .output(ZSendTestMessageOutput)
  .mutation(({ ctx, input }) => sendTestMessage(integrationDeps(ctx), ctx.actor, input));
