import { z } from 'zod';
import type { Deps } from '../deps';
import { type MediaDeps, sendAgentGif } from '../domain/live-chat/attachments';
import { ZId } from '../lib/schemas';
import { ZClientId } from '../lib/text';
import { agentProcedure, router } from '../trpc';

/** What files and GIFs need, for this router and the upload handler (http/files.ts). */
export const mediaDeps = (deps: Deps): MediaDeps => ({
  db: deps.db,
  bus: deps.bus,
  files: deps.files,
  plugins: deps.plugins,
  logger: deps.logger,
  uploadMaxBytes: deps.config.uploadMaxBytes,
});

/** Provider URLs only: http(s), never javascript: or data: that a client might render. */
const ZMediaUrl = z.url({ protocol: /^https?$/ }).max(2000);

/**
 * C8: sending a GIF picked from `integrations.searchGifs`. Files (C11) travel over plain HTTP
 * (POST /uploads/file, GET /files/<id>) because tRPC carries JSON, not bytes.
 */
export const mediaRouter = router({
  /** Whether the account has a GIF provider, so the console can say so before anyone searches. */
  gifProvider: agentProcedure.query(async ({ ctx }) => {
    const [install] = await ctx.deps.plugins.findInstalls(ctx.actor.accountId, 'gif');
    return { provider: install ? install.name.replace(/^gif-/, '') : null };
  }),
  sendGif: agentProcedure
    .input(
      z.object({
        conversationId: ZId,
        clientId: ZClientId,
        gif: z.object({
          url: ZMediaUrl,
          previewUrl: ZMediaUrl,
          width: z.number().int().min(1).max(4000),
          height: z.number().int().min(1).max(4000),
          provider: z.string().trim().min(1).max(50),
          title: z.string().trim().max(200).default(''),
        }),
      }),
    )
    .mutation(({ ctx, input }) => sendAgentGif(mediaDeps(ctx.deps), ctx.actor, input)),
});
