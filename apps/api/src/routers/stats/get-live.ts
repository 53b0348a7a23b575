import { type ResultOf, typeOnly } from '../../contract/output';
import { getLiveDashboard } from '../../domain/stats/live';
import { adminProcedure } from '../../trpc';

export const ZGetLiveOutput = typeOnly<ResultOf<typeof getLiveDashboard>>();

/** I1 live dashboard: visitors on site, chats waiting and for how long, in progress, agents by presence. */
export const getLiveProcedure = adminProcedure
  .output(ZGetLiveOutput)
  .query(({ ctx }) => getLiveDashboard(ctx.deps.db));
