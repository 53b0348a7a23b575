import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { completeReminder } from '../../domain/chat-tools/reminders';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZCompleteReminderInput = z.object({ id: ZId, done: z.boolean().default(true) });
export const ZCompleteReminderOutput = ZOk;

export const completeReminderProcedure = agentProcedure
  .input(ZCompleteReminderInput)
  .output(ZCompleteReminderOutput)
  .mutation(async ({ ctx, input }) => {
    await completeReminder(ctx.deps.db, ctx.actor, input.id, input.done);
    return { ok: true };
  });
