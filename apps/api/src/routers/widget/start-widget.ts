import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { startWidget } from '../../domain/live-chat/widget';
import { recentlyEndedChat } from '../../domain/ratings/ratings';
import { transcriptsAvailable } from '../../domain/transcripts/send-transcript';
import { publicProcedure } from '../../trpc';

export const ZStartWidgetInput = z.object({
  channelKey: z.string().min(3).max(100),
  visitorToken: z.string().max(200).nullish(),
  identity: z.object({ userId: z.string().min(1).max(200), hash: z.string().max(128) }).nullish(),
  // Whatever a page reports is accepted (the 1 MB body limit bounds it); startWidget cuts what it
  // records. Refusing a long title or URL would keep the widget off that page.
  page: z.object({ url: z.string(), title: z.string().default(''), referrer: z.string().default('') }),
  locale: z.string().max(20).optional(),
});
type TStartWidgetResult = ResultOf<typeof startWidget>['result'] & {
  features: { transcript: boolean };
  /** G7: a chat of this visitor that ended in the last day, to rate (null when none or a newer one started). */
  endedConversationId: string | null;
};
export const ZStartWidgetOutput = typeOnly<TStartWidgetResult>();

/** The widget's first call on a page: the channel's settings, and who the visitor is. */
export const startWidgetProcedure = publicProcedure
  .input(ZStartWidgetInput)
  .output(ZStartWidgetOutput)
  .mutation(async ({ ctx, input }) => {
    const { result: out, newVisitor } = await startWidget(ctx.deps, input, ctx.client);
    return {
      ...out,
      // G7: the widget offers the transcript by email only where a mail server is configured.
      features: { transcript: transcriptsAvailable(ctx.deps) },
      endedConversationId:
        out.conversation || newVisitor
          ? null
          : await recentlyEndedChat(ctx.deps.db, out.visitor.id, input.channelKey),
    };
  });
