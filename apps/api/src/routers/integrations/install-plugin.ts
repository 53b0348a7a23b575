import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { isBillingPlugin } from '../../domain/billing/install';
import { installPlugin } from '../../domain/integrations/installs';
import { isOperator } from '../../domain/operator/operators';
import { AppError } from '../../errors';
import { adminProcedure } from '../../trpc';
import { integrationDeps, ZPluginConfig, ZPluginName } from './deps';

export const ZInstallPluginInput = z.object({ name: ZPluginName, config: ZPluginConfig });
export const ZInstallPluginOutput = typeOnly<ResultOf<typeof installPlugin>>();

export const installPluginProcedure = adminProcedure
  .input(ZInstallPluginInput)
  .output(ZInstallPluginOutput)
  .mutation(async ({ ctx, input }) => {
    // J6: a billing plugin bills every account of the server and its webhooks set their plans, so
    // only the instance operator adds one (an account admin could otherwise sign their own upgrade).
    if (isBillingPlugin(ctx.deps.plugins, input.name)) {
      const user = await ctx.deps.db.user.findUnique({
        where: { id: ctx.actor.userId },
        select: { email: true, operator: true },
      });
      if (!user || !isOperator(ctx.deps.config, user))
        throw new AppError(
          'forbidden',
          'operator.required',
          'Only the operator of this server may add billing',
        );
    }
    return installPlugin(integrationDeps(ctx), ctx.actor, input);
  });
