import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { configureInstall } from '../../domain/integrations/installs';
import { ZId } from '../../lib/schemas';
import { adminProcedure } from '../../trpc';
import { requireOperatorForBilling } from './billing-guard';
import { integrationDeps, ZPluginConfig } from './deps';

export const ZConfigureInstallInput = z.object({ id: ZId, config: ZPluginConfig });
export const ZConfigureInstallOutput = typeOnly<ResultOf<typeof configureInstall>>();

export const configureInstallProcedure = adminProcedure
  .input(ZConfigureInstallInput)
  .output(ZConfigureInstallOutput)
  .mutation(async ({ ctx, input }) => {
    await requireOperatorForBilling({ ctx }, { installId: input.id });
    return configureInstall(integrationDeps(ctx), ctx.actor, input);
  });
