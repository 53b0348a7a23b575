import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { banVisitor } from '../../domain/chat-tools/bans';
import { ZId } from '../../lib/schemas';
import { ZText } from '../../lib/text';
import { agentProcedure } from '../../trpc';
import { ZDateTime } from '../shared/schemas';

export const ZBanVisitorInput = z.object({
  visitorId: ZId.optional(),
  ip: z.string().trim().max(50).optional(),
  reason: ZText(500),
  expiresAt: ZDateTime.nullish(),
});
export const ZBanVisitorOutput = typeOnly<ResultOf<typeof banVisitor>>();

/** C4: bans a visitor or an address. */
export const banVisitorProcedure = agentProcedure
  .input(ZBanVisitorInput)
  .output(ZBanVisitorOutput)
  .mutation(({ ctx, input }) => banVisitor(ctx.deps, ctx.actor, input));
