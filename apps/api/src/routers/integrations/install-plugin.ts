import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { installPlugin } from '../../domain/integrations/installs';
import { adminProcedure } from '../../trpc';
import { integrationDeps, ZPluginConfig, ZPluginName } from './deps';

export const ZInstallPluginInput = z.object({ name: ZPluginName, config: ZPluginConfig });
export const ZInstallPluginOutput = typeOnly<ResultOf<typeof installPlugin>>();

export const installPluginProcedure = adminProcedure
  .input(ZInstallPluginInput)
  .output(ZInstallPluginOutput)
  .mutation(({ ctx, input }) => installPlugin(integrationDeps(ctx), ctx.actor, input));
