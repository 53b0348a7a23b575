import { type ResultOf, typeOnly } from '../../contract/output';
import { configuredLoadErrors } from '../../domain/integrations/packages';
import { adminProcedure } from '../../trpc';

export const ZListLoadErrorsOutput = typeOnly<ResultOf<typeof configuredLoadErrors>>();

/** K3: third-party packages named in PARLEY_PLUGINS that were refused at start, and why. */
export const listLoadErrorsProcedure = adminProcedure
  .output(ZListLoadErrorsOutput)
  .query(({ ctx }) => configuredLoadErrors(ctx.deps.plugins, ctx.deps.config.dataDir));
