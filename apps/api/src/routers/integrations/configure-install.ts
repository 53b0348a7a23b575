import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { configureInstall } from '../../domain/integrations/installs';
import { ZId } from '../../lib/schemas';
import { adminProcedure } from '../../trpc';
import { integrationDeps, ZPluginConfig } from './deps';

export const ZConfigureInstallInput = z.object({ id: ZId, config: ZPluginConfig });
export const ZConfigureInstallOutput = typeOnly<ResultOf<typeof configureInstall>>();

export const configureInstallProcedure = adminProcedure
  .input(ZConfigureInstallInput)
  .output(ZConfigureInstallOutput)
  .mutation(({ ctx, input }) => configureInstall(integrationDeps(ctx), ctx.actor, input));
