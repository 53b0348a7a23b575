import { type ResultOf, typeOnly } from '../../contract/output';
import { listInstalls } from '../../domain/integrations/installs';
import { adminProcedure } from '../../trpc';
import { integrationDeps } from './deps';

export const ZListInstallsOutput = typeOnly<ResultOf<typeof listInstalls>>();

export const listInstallsProcedure = adminProcedure
  .output(ZListInstallsOutput)
  .query(({ ctx }) => listInstalls(integrationDeps(ctx), ctx.actor.accountId));
