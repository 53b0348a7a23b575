import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { assertPluginDev, reloadPlugin } from '../../domain/integrations/reload';
import { ownerProcedure } from '../../trpc';
import { ZPluginName } from './deps';

export const ZReloadPluginInput = z.object({ name: ZPluginName });
export const ZReloadPluginOutput = typeOnly<ResultOf<typeof reloadPlugin>>();

/**
 * The author's dev loop (`npm run plugin:dev`): reload one plugin in this process. Server-wide,
 * so only an owner, and only on a server started with PARLEY_PLUGIN_DEV.
 */
export const reloadPluginProcedure = ownerProcedure
  .input(ZReloadPluginInput)
  .output(ZReloadPluginOutput)
  .mutation(({ ctx, input }) => {
    assertPluginDev(ctx.deps.config.pluginDev);
    return reloadPlugin(ctx.deps, input.name);
  });
