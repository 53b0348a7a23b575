import { ZOk } from '../../contract/output';
import { visitorPing } from '../../domain/live-chat/widget';
import { visitorProcedure } from '../../trpc';

export const ZPingOutput = ZOk;

/** The page is still open. */
export const pingProcedure = visitorProcedure.output(ZPingOutput).mutation(async ({ ctx }) => {
  await visitorPing(ctx.deps, ctx.visitor);
  return { ok: true };
});
