import { ZOk } from '../../contract/output';
import {
  createStatus,
  deleteStatus,
  listStatuses,
  reorderStatuses,
  updateStatus,
} from '../../domain/crm/processes';
import { adminProcedure, agentProcedure, router } from '../../trpc';
import {
  ZCreateStatusInput,
  ZCreateStatusOutput,
  ZListStatusesOutput,
  ZReorderStatusesInput,
  ZStatusIdInput,
  ZUpdateStatusInput,
} from './schemas';

/** D3 Manage → Customer processes: the statuses a visitor record can be in. */
export const processesRouter = router({
  list: agentProcedure
    .output(ZListStatusesOutput)
    .query(({ ctx }) => listStatuses(ctx.deps.db, ctx.actor.accountId)),
  create: adminProcedure
    .input(ZCreateStatusInput)
    .output(ZCreateStatusOutput)
    .mutation(({ ctx, input }) => createStatus(ctx.deps, ctx.actor.accountId, input)),
  update: adminProcedure
    .input(ZUpdateStatusInput)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await updateStatus(ctx.deps, ctx.actor.accountId, input);
      return { ok: true };
    }),
  delete: adminProcedure
    .input(ZStatusIdInput)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await deleteStatus(ctx.deps, ctx.actor.accountId, input.id);
      return { ok: true };
    }),
  reorder: adminProcedure
    .input(ZReorderStatusesInput)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await reorderStatuses(ctx.deps, ctx.actor.accountId, input.ids);
      return { ok: true };
    }),
});
