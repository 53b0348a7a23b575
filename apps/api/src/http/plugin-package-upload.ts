import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from '../context';
import { PLUGIN_PACKAGE_MAX_BYTES, uploadPluginPackage } from '../domain/integrations/packages';
import { AppError } from '../errors';
import { answeringErrors, readBody, sendJson } from './respond';

/**
 * POST /uploads/plugin-package: an owner uploads a plugin package (the .tgz `npm pack` writes, raw
 * body). Answers what it is and asks for, without running any of it; `integrations.confirmPackage`
 * installs it. The Origin check runs before (server.ts), the body is size-limited and sniffed.
 */
export const handlePluginPackageUpload = answeringErrors(
  async (req: IncomingMessage, res: ServerResponse, ctx: Context) => {
    const auth = await ctx.authenticate();
    if (!auth) throw new AppError('unauthorized', 'auth.required', 'Log in first');
    if (auth.user.role !== 'owner') {
      throw new AppError('forbidden', 'forbidden', 'Only an account owner may install plugin packages');
    }
    if (req.method !== 'POST')
      return sendJson(res, 405, { error: { appCode: 'method', message: 'Use POST' } });
    const body = await readBody(req, PLUGIN_PACKAGE_MAX_BYTES);
    if (!body) {
      return sendJson(res, 413, {
        error: {
          appCode: 'plugin_package.too_large',
          message: `The package is over ${PLUGIN_PACKAGE_MAX_BYTES / 1024 / 1024} MB`,
        },
      });
    }
    const preview = await uploadPluginPackage(
      { db: ctx.deps.db, dataDir: ctx.deps.config.dataDir, configuredPackages: ctx.deps.config.plugins },
      { userId: auth.user.id },
      body,
    );
    return sendJson(res, 200, preview);
  },
);
