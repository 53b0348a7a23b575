import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { createReminder } from '../../domain/chat-tools/reminders';
import { ZId } from '../../lib/schemas';
import { ZText } from '../../lib/text';
import { agentProcedure } from '../../trpc';
import { ZDateTime } from '../shared/schemas';

export const ZCreateReminderInput = z.object({
  text: ZText(500),
  dueAt: ZDateTime,
  assigneeId: ZId.optional(),
  conversationId: ZId.optional(),
  visitorId: ZId.optional(),
});
export const ZCreateReminderOutput = typeOnly<ResultOf<typeof createReminder>>();

/** C9: a reminder for me or a teammate, about a chat or a visitor. */
export const createReminderProcedure = agentProcedure
  .input(ZCreateReminderInput)
  .output(ZCreateReminderOutput)
  .mutation(({ ctx, input }) => createReminder(ctx.deps.db, ctx.actor, input));
