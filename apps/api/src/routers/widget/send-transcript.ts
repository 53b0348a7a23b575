import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { WIDGET_LANGUAGES } from '../../domain/live-chat/website-config';
import { sendTranscript } from '../../domain/transcripts/send-transcript';
import { publicUrlOf } from '../../lib/handler-deps';
import { ZEmail, ZId } from '../../lib/schemas';
import { visitorProcedure } from '../../trpc';

export const ZSendTranscriptInput = z.object({
  conversationId: ZId,
  /** Where to send it; without it, the visitor's contact address. */
  email: ZEmail.nullish(),
  /** The widget's language (G5): the mail is written in it. */
  locale: z.enum(WIDGET_LANGUAGES).default('en'),
});
export const ZSendTranscriptOutput = typeOnly<ResultOf<typeof sendTranscript>>();

/** G7: the transcript of the visitor's own chat, by email, in the widget's language. */
export const sendTranscriptProcedure = visitorProcedure
  .input(ZSendTranscriptInput)
  .output(ZSendTranscriptOutput)
  .mutation(({ ctx, input }) =>
    sendTranscript(
      {
        db: ctx.deps.db,
        mailer: ctx.deps.mailer,
        publicUrl: publicUrlOf(ctx.deps.config),
        logger: ctx.deps.logger,
      },
      ctx.visitor,
      input,
    ),
  );
