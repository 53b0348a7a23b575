import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { setInstallEnabled } from '../../domain/integrations/installs';
import { ZId } from '../../lib/schemas';
import { adminProcedure } from '../../trpc';
import { requireOperatorForBilling } from './billing-guard';
import { integrationDeps } from './deps';

export const ZSetInstallEnabledInput = z.object({ id: ZId, enabled: z.boolean() });
export const ZSetInstallEnabledOutput = typeOnly<ResultOf<typeof setInstallEnabled>>();

export const setInstallEnabledProcedure = adminProcedure
  .input(ZSetInstallEnabledInput)
  .output(ZSetInstallEnabledOutput)
  .mutation(async ({ ctx, input }) => {
    await requireOperatorForBilling({ ctx }, { installId: input.id });
    return setInstallEnabled(integrationDeps(ctx), ctx.actor, input);
  });
