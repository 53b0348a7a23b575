import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { listArchive } from '../../domain/live-chat/chats';
import { chatDeps } from '../../lib/handler-deps';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZListArchiveInput = z.object({
  q: z.string().max(200).optional(),
  channelId: ZId.optional(),
  agentId: ZId.optional(),
  status: z.enum(['open', 'closed']).optional(),
  tagId: ZId.optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  cursor: z.string().regex(/^\d+$/).max(10).optional(),
  calls: z.enum(['any', 'answered', 'missed']).optional(),
});
export const ZListArchiveOutput = typeOnly<ResultOf<typeof listArchive>>();

/** Past and present chats, searched and filtered, a page at a time. */
export const listArchiveProcedure = agentProcedure
  .input(ZListArchiveInput)
  .output(ZListArchiveOutput)
  .query(({ ctx, input }) => listArchive(chatDeps(ctx.deps), ctx.actor, input));
