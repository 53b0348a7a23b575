import { sendAgentGif } from '../../domain/live-chat/attachments';
import { mediaDeps } from '../../lib/handler-deps';
import { agentProcedure, router } from '../../trpc';
import { ZGifProviderOutput, ZSendGifInput, ZSendGifOutput } from './schemas';

/**
 * C8: sending a GIF picked from `integrations.searchGifs`. Files (C11) travel over plain HTTP
 * (POST /uploads/file, GET /files/<id>) because tRPC carries JSON, not bytes.
 */
export const mediaRouter = router({
  /** Whether the account has a GIF provider, so the console can say so before anyone searches. */
  gifProvider: agentProcedure.output(ZGifProviderOutput).query(async ({ ctx }) => {
    const [install] = await ctx.deps.plugins.findInstalls(ctx.actor.accountId, 'gif');
    return { provider: install ? install.name.replace(/^gif-/, '') : null };
  }),
  sendGif: agentProcedure
    .input(ZSendGifInput)
    .output(ZSendGifOutput)
    .mutation(({ ctx, input }) => sendAgentGif(mediaDeps(ctx.deps), ctx.actor, input)),
});
