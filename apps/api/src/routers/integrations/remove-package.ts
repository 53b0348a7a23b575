import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { removePluginPackage } from '../../domain/integrations/packages';
import { ownerProcedure } from '../../trpc';
import { packageDeps, ZPackageName } from './deps';

export const ZRemovePackageInput = z.object({ name: ZPackageName });
export const ZRemovePackageOutput = typeOnly<ResultOf<typeof removePluginPackage>>();

/** Remove a plugin package from every process; installs of its plugins stay, as "Plugin not loaded". */
export const removePackageProcedure = ownerProcedure
  .input(ZRemovePackageInput)
  .output(ZRemovePackageOutput)
  .mutation(({ ctx, input }) => removePluginPackage(packageDeps(ctx), ctx.actor.accountId, input));
