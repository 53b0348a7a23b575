import { z } from 'zod';
import type { Context } from '../../context';
import type { IntegrationDeps } from '../../domain/integrations/installs';
import type { PackageDeps } from '../../domain/integrations/packages';
import { syncPluginPackages } from '../../domain/integrations/reload';
import { publicUrlOf } from '../../lib/handler-deps';

export const integrationDeps = (ctx: Context): IntegrationDeps => ({
  db: ctx.deps.db,
  bus: ctx.deps.bus,
  plugins: ctx.deps.plugins,
  logger: ctx.deps.logger,
  mailer: ctx.deps.mailer,
  files: ctx.deps.files,
  publicUrl: publicUrlOf(ctx.deps.config),
  pluginPackages: ctx.deps.config.plugins,
});

/** Plugin forms are validated by each plugin's own zod schema in the host. */
export const ZPluginConfig = z.record(z.string().max(100), z.unknown());
/** An npm package name (214 characters at most). */
export const ZPluginName = z.string().min(1).max(214);
export const ZLanguage = z.string().min(2).max(10);

/** What the plugin package procedures need; `sync` reloads this process's packages from the database. */
export const packageDeps = (ctx: Context): PackageDeps => ({
  db: ctx.deps.db,
  bus: ctx.deps.bus,
  plugins: ctx.deps.plugins,
  logger: ctx.deps.logger,
  dataDir: ctx.deps.config.dataDir,
  configuredPackages: ctx.deps.config.plugins,
  sync: () => syncPluginPackages({ ...ctx.deps, dataDir: ctx.deps.config.dataDir }),
});

/** An npm package name: lower case, optionally scoped. */
export const ZPackageName = z
  .string()
  .min(1)
  .max(214)
  .regex(/^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/);
