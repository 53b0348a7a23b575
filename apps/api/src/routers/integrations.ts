import { z } from 'zod';
import type { Context } from '../context';
import { channelLimitsOf, channelStats, removeChannel, replyWindowOf } from '../domain/integrations/channels';
import { pluginLoadErrors } from '../domain/integrations/host';
import {
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
import { ZId } from '../lib/schemas';
import { adminProcedure, agentProcedure, router } from '../trpc';
import { publicUrlOf } from './channels';

const deps = (ctx: Context): IntegrationDeps => ({
  db: ctx.deps.db,
  bus: ctx.deps.bus,
  plugins: ctx.deps.plugins,
  logger: ctx.deps.logger,
  files: ctx.deps.files,
  publicUrl: publicUrlOf(ctx),
});
/** Plugin forms are validated by each plugin's own zod schema in the host. */
const ZConfig = z.record(z.string().max(100), z.unknown());
const ZPluginName = z.string().min(1).max(214);
const ZLanguage = z.string().min(2).max(10);

/** J1, J2, K1: plugins, installs, plugin-backed channels; C7/C8 provider calls. */
export const integrationsRouter = router({
  plugins: adminProcedure.query(({ ctx }) => listAvailablePlugins(ctx.deps.plugins)),
  /** K3: third-party packages named in PARLEY_PLUGINS that were refused at start, and why. */
  loadErrors: adminProcedure.query(({ ctx }) => pluginLoadErrors(ctx.deps.plugins)),
  list: adminProcedure.query(({ ctx }) => listInstalls(deps(ctx), ctx.actor.accountId)),
  install: adminProcedure
    .input(z.object({ name: ZPluginName, config: ZConfig }))
    .mutation(({ ctx, input }) => installPlugin(deps(ctx), ctx.actor, input)),
  addChannel: adminProcedure
    .input(z.object({ plugin: ZPluginName, name: z.string().trim().min(1).max(100), config: ZConfig }))
    .mutation(({ ctx, input }) => createPluginChannel(deps(ctx), ctx.actor, input)),
  configure: adminProcedure
    .input(z.object({ id: ZId, config: ZConfig }))
    .mutation(({ ctx, input }) => configureInstall(deps(ctx), ctx.actor, input)),
  setEnabled: adminProcedure
    .input(z.object({ id: ZId, enabled: z.boolean() }))
    .mutation(({ ctx, input }) => setInstallEnabled(deps(ctx), ctx.actor, input)),
  sendTest: adminProcedure
    .input(z.object({ id: ZId, to: z.string().max(320).optional() }))
    .mutation(({ ctx, input }) => sendTestMessage(deps(ctx), ctx.actor, input)),
  /** J1: conversations, messages and last activity per channel. */
  channelStats: adminProcedure.query(({ ctx }) => channelStats(ctx.deps.db, ctx.actor.accountId)),
  removeChannel: adminProcedure
    .input(z.object({ channelId: ZId }))
    .mutation(({ ctx, input }) => removeChannel(deps(ctx), ctx.actor, input.channelId)),
  /** Whether the conversation's channel carries files, and up to what size (C11 on plugin channels). */
  channelLimits: agentProcedure
    .input(z.object({ conversationId: ZId }))
    .query(({ ctx, input }) => channelLimitsOf(deps(ctx), ctx.actor.accountId, input.conversationId)),
  /** The channel's reply window for a conversation (WhatsApp/Messenger 24 h), or null. */
  replyWindow: agentProcedure
    .input(z.object({ conversationId: ZId }))
    .query(({ ctx, input }) => replyWindowOf(deps(ctx), ctx.actor.accountId, input.conversationId)),
  translate: agentProcedure
    .input(z.object({ text: z.string().min(1).max(5000), to: ZLanguage, from: ZLanguage.optional() }))
    .mutation(({ ctx, input }) => translateText(deps(ctx), ctx.actor.accountId, input)),
  searchGifs: agentProcedure
    .input(
      z.object({
        query: z.string().trim().min(1).max(100),
        limit: z.number().int().min(1).max(50).default(20),
        offset: z.number().int().min(0).max(1000).optional(),
      }),
    )
    .query(({ ctx, input }) => searchGifs(deps(ctx), ctx.actor.accountId, input)),
});
