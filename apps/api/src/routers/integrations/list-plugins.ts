import { type ResultOf, typeOnly } from '../../contract/output';
import { listAvailablePlugins } from '../../domain/integrations/installs';
import { adminProcedure } from '../../trpc';

export const ZListPluginsOutput = typeOnly<ResultOf<typeof listAvailablePlugins>>();

/** The plugins this server can install. */
export const listPluginsProcedure = adminProcedure
  .output(ZListPluginsOutput)
  .query(({ ctx }) => listAvailablePlugins(ctx.deps.plugins, ctx.deps.config.plugins));
