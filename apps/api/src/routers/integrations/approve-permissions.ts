import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { approvePermissions } from '../../domain/integrations/installs';
import { ZId } from '../../lib/schemas';
import { adminProcedure } from '../../trpc';
import { integrationDeps } from './deps';

export const ZApprovePermissionsInput = z.object({ id: ZId, version: z.string().min(1).max(100) });
export const ZApprovePermissionsOutput = typeOnly<ResultOf<typeof approvePermissions>>();

/** Approve what the running version of a plugin asks for beyond the last approval (the version reviewed). */
export const approvePermissionsProcedure = adminProcedure
  .input(ZApprovePermissionsInput)
  .output(ZApprovePermissionsOutput)
  .mutation(({ ctx, input }) => approvePermissions(integrationDeps(ctx), ctx.actor, input));
