import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { confirmPluginPackage } from '../../domain/integrations/packages';
import { ownerProcedure } from '../../trpc';
import { packageDeps, ZPackageName } from './deps';

export const ZConfirmPackageInput = z.object({
  name: ZPackageName,
  /** The sha256 of the upload the owner reviewed (POST /uploads/plugin-package answered it). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export const ZConfirmPackageOutput = typeOnly<ResultOf<typeof confirmPluginPackage>>();

/**
 * Install (or upgrade to) an uploaded plugin package after its owner reviewed what it asks for. It
 * runs code on the server for every account, so only an owner (the server's operator) may.
 */
export const confirmPackageProcedure = ownerProcedure
  .input(ZConfirmPackageInput)
  .output(ZConfirmPackageOutput)
  .mutation(({ ctx, input }) => confirmPluginPackage(packageDeps(ctx), ctx.actor, input));
