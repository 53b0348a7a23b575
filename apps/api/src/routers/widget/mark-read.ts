import { ZOk } from '../../contract/output';
import { visitorRead } from '../../domain/live-chat/widget';
import { visitorProcedure } from '../../trpc';

export const ZMarkReadOutput = ZOk;

export const markReadProcedure = visitorProcedure.output(ZMarkReadOutput).mutation(async ({ ctx }) => {
  await visitorRead(ctx.deps, ctx.visitor);
  return { ok: true };
});
