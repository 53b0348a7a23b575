import { z } from 'zod';
import type { Context } from '../context';
import { channelLimitsOf, channelStats, removeChannel, replyWindowOf } from '../domain/integrations/channels';
import { pluginLoadErrors } from '../domain/integrations/host';
import {
  approvePermissions,
  configureInstall,
  createPluginChannel,
  type IntegrationDeps,
  installPlugin,
  listAvailablePlugins,
  listInstalls,
  searchGifs,
  sendTestMessage,
  setInstallEnabled,
  translateText,
} from '../domain/integrations/installs';
import { assertPluginDev, reloadPlugin } from '../domain/integrations/reload';
import { ZId } from '../lib/schemas';
import { adminProcedure, agentProcedure, ownerProcedure, router } from '../trpc';
import { publicUrlOf } from './channels';

const deps = (ctx: Context): IntegrationDeps => ({
  db: ctx.deps.db,
  bus: ctx.deps.bus,
  plugins: ctx.deps.plugins,
  logger: ctx.deps.logger,
  files: ctx.deps.files,
  publicUrl: publicUrlOf(ctx),
  pluginPackages: ctx.deps.config.plugins,
});
const actor = (ctx: { user: { accountId: string; id: string }; client: { ip: string | undefined } }) => ({
  accountId: ctx.user.accountId,
  userId: ctx.user.id,
  ip: ctx.client.ip,
});
/** Plugin forms are validated by each plugin's own zod schema in the host. */
const ZConfig = z.record(z.string().max(100), z.unknown());
const ZPluginName = z.string().min(1).max(214);
const ZLanguage = z.string().min(2).max(10);

/** J1, J2, K1: plugins, installs, plugin-backed channels; C7/C8 provider calls. */
export const integrationsRouter = router({
  plugins: adminProcedure.query(({ ctx }) => listAvailablePlugins(ctx.deps.plugins, ctx.deps.config.plugins)),
  /** K3: third-party packages named in PARLEY_PLUGINS that were refused at start, and why. */
  loadErrors: adminProcedure.query(({ ctx }) => pluginLoadErrors(ctx.deps.plugins)),
  list: adminProcedure.query(({ ctx }) => listInstalls(deps(ctx), ctx.user.accountId)),
  install: adminProcedure
    .input(z.object({ name: ZPluginName, config: ZConfig }))
    .mutation(({ ctx, input }) => installPlugin(deps(ctx), actor(ctx), input)),
  addChannel: adminProcedure
    .input(z.object({ plugin: ZPluginName, name: z.string().trim().min(1).max(100), config: ZConfig }))
    .mutation(({ ctx, input }) => createPluginChannel(deps(ctx), actor(ctx), input)),
  configure: adminProcedure
    .input(z.object({ id: ZId, config: ZConfig }))
    .mutation(({ ctx, input }) => configureInstall(deps(ctx), actor(ctx), input)),
  /** Approve what the running version of a plugin asks for beyond the last approval (the version reviewed). */
  approvePermissions: adminProcedure
    .input(z.object({ id: ZId, version: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => approvePermissions(deps(ctx), actor(ctx), input)),
  /**
   * The author's dev loop (`npm run plugin:dev`): reload one plugin in this process. Server-wide,
   * so only an owner, and only on a server started with PARLEY_PLUGIN_DEV.
   */
  reloadPlugin: ownerProcedure.input(z.object({ name: ZPluginName })).mutation(({ ctx, input }) => {
    assertPluginDev(ctx.deps.config.pluginDev);
    return reloadPlugin(ctx.deps, input.name);
  }),
  setEnabled: adminProcedure
    .input(z.object({ id: ZId, enabled: z.boolean() }))
    .mutation(({ ctx, input }) => setInstallEnabled(deps(ctx), actor(ctx), input)),
  sendTest: adminProcedure
    .input(z.object({ id: ZId, to: z.string().max(320).optional() }))
    .mutation(({ ctx, input }) => sendTestMessage(deps(ctx), actor(ctx), input)),
  /** J1: conversations, messages and last activity per channel. */
  channelStats: adminProcedure.query(({ ctx }) => channelStats(ctx.deps.db, ctx.user.accountId)),
  removeChannel: adminProcedure
    .input(z.object({ channelId: ZId }))
    .mutation(({ ctx, input }) => removeChannel(deps(ctx), actor(ctx), input.channelId)),
  /** Whether the conversation's channel carries files, and up to what size (C11 on plugin channels). */
  channelLimits: agentProcedure
    .input(z.object({ conversationId: ZId }))
    .query(({ ctx, input }) => channelLimitsOf(deps(ctx), ctx.user.accountId, input.conversationId)),
  /** The channel's reply window for a conversation (WhatsApp/Messenger 24 h), or null. */
  replyWindow: agentProcedure
    .input(z.object({ conversationId: ZId }))
    .query(({ ctx, input }) => replyWindowOf(deps(ctx), ctx.user.accountId, input.conversationId)),
  translate: agentProcedure
    .input(z.object({ text: z.string().min(1).max(5000), to: ZLanguage, from: ZLanguage.optional() }))
    .mutation(({ ctx, input }) => translateText(deps(ctx), ctx.user.accountId, input)),
  searchGifs: agentProcedure
    .input(
      z.object({
        query: z.string().trim().min(1).max(100),
        limit: z.number().int().min(1).max(50).default(20),
        offset: z.number().int().min(0).max(1000).optional(),
      }),
    )
    .query(({ ctx, input }) => searchGifs(deps(ctx), ctx.user.accountId, input)),
});
