import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { SNAPSHOT_MAX, sendPageSnapshot } from '../../domain/live-chat/pointer';
import { ZId } from '../../lib/schemas';
import { visitorProcedure } from '../../trpc';

export const ZSendPageSnapshotInput = z
  .object({
    requestId: z.uuid(),
    agentId: ZId,
    url: z.string().max(2000),
    html: z.string().max(SNAPSHOT_MAX),
    css: z.string().max(SNAPSHOT_MAX).default(''),
  })
  .refine((i) => i.html.length + i.css.length <= SNAPSHOT_MAX, { message: 'validation.too_long' });
export const ZSendPageSnapshotOutput = typeOnly<ResultOf<typeof sendPageSnapshot>>();

/** C6: the page's sanitised copy, for the agent who asked (pointer.requestSnapshot). */
export const sendPageSnapshotProcedure = visitorProcedure
  .input(ZSendPageSnapshotInput)
  .output(ZSendPageSnapshotOutput)
  .mutation(({ ctx, input }) => sendPageSnapshot(ctx.deps, ctx.visitor, input, ctx.client));
