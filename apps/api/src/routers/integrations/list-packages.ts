import { type ResultOf, typeOnly } from '../../contract/output';
import { listPluginPackages } from '../../domain/integrations/packages';
import { adminProcedure } from '../../trpc';
import { packageDeps } from './deps';

export const ZListPackagesOutput = typeOnly<ResultOf<typeof listPluginPackages>>();

/** K3: plugin packages installed while the server runs, with the version and state this process runs. */
export const listPackagesProcedure = adminProcedure
  .output(ZListPackagesOutput)
  .query(({ ctx }) => listPluginPackages(packageDeps(ctx)));
