import { requestPageSnapshot, sendPointer } from '../../domain/live-chat/pointer';
import { agentProcedure, router } from '../../trpc';
import {
  ZRequestSnapshotInput,
  ZRequestSnapshotOutput,
  ZSendPointerInput,
  ZSendPointerOutput,
} from './schemas';

/** C6: the agent points at an element of the visitor's page (see domain/live-chat/pointer.ts). */
export const pointerRouter = router({
  send: agentProcedure
    .input(ZSendPointerInput)
    .output(ZSendPointerOutput)
    .mutation(({ ctx, input }) => sendPointer(ctx.deps, ctx.actor, input)),

  /** Asks the visitor's page on `url` for a sanitised copy of itself (pages of another site). */
  requestSnapshot: agentProcedure
    .input(ZRequestSnapshotInput)
    .output(ZRequestSnapshotOutput)
    .mutation(({ ctx, input }) => requestPageSnapshot(ctx.deps, ctx.actor, input)),
});
