import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { installPlugin } from '../../domain/integrations/installs';
import { adminProcedure } from '../../trpc';
import { requireOperatorForBilling } from './billing-guard';
import { integrationDeps, ZPluginConfig, ZPluginName } from './deps';

export const ZInstallPluginInput = z.object({ name: ZPluginName, config: ZPluginConfig });
export const ZInstallPluginOutput = typeOnly<ResultOf<typeof installPlugin>>();

export const installPluginProcedure = adminProcedure
  .input(ZInstallPluginInput)
  .output(ZInstallPluginOutput)
  .mutation(async ({ ctx, input }) => {
    await requireOperatorForBilling({ ctx }, { name: input.name });
    return installPlugin(integrationDeps(ctx), ctx.actor, input);
  });
