import { type ResultOf, typeOnly } from '../../contract/output';
import { pluginLoadErrors } from '../../domain/integrations/host';
import { adminProcedure } from '../../trpc';

export const ZListLoadErrorsOutput = typeOnly<ResultOf<typeof pluginLoadErrors>>();

/** K3: third-party packages named in PARLEY_PLUGINS that were refused at start, and why. */
export const listLoadErrorsProcedure = adminProcedure
  .output(ZListLoadErrorsOutput)
  .query(({ ctx }) => pluginLoadErrors(ctx.deps.plugins));
