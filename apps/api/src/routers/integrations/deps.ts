import { z } from 'zod';
import type { Context } from '../../context';
import type { IntegrationDeps } from '../../domain/integrations/installs';
import { publicUrlOf } from '../../lib/handler-deps';

export const integrationDeps = (ctx: Context): IntegrationDeps => ({
  db: ctx.deps.db,
  bus: ctx.deps.bus,
  plugins: ctx.deps.plugins,
  logger: ctx.deps.logger,
  files: ctx.deps.files,
  publicUrl: publicUrlOf(ctx.deps.config),
  pluginPackages: ctx.deps.config.plugins,
});

/** Plugin forms are validated by each plugin's own zod schema in the host. */
export const ZPluginConfig = z.record(z.string().max(100), z.unknown());
/** An npm package name (214 characters at most). */
export const ZPluginName = z.string().min(1).max(214);
export const ZLanguage = z.string().min(2).max(10);
