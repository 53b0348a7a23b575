import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { setPluginPackageEnabled } from '../../domain/integrations/packages';
import { ownerProcedure } from '../../trpc';
import { packageDeps, ZPackageName } from './deps';

export const ZSetPackageEnabledInput = z.object({ name: ZPackageName, enabled: z.boolean() });
export const ZSetPackageEnabledOutput = typeOnly<ResultOf<typeof setPluginPackageEnabled>>();

/** Stop loading an installed plugin package in every process (kept), or load it again. */
export const setPackageEnabledProcedure = ownerProcedure
  .input(ZSetPackageEnabledInput)
  .output(ZSetPackageEnabledOutput)
  .mutation(({ ctx, input }) => setPluginPackageEnabled(packageDeps(ctx), input));
