import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { deleteReminder } from '../../domain/chat-tools/reminders';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZDeleteReminderInput = z.object({ id: ZId });
export const ZDeleteReminderOutput = ZOk;

export const deleteReminderProcedure = agentProcedure
  .input(ZDeleteReminderInput)
  .output(ZDeleteReminderOutput)
  .mutation(async ({ ctx, input }) => {
    await deleteReminder(ctx.deps.db, ctx.actor, input.id);
    return { ok: true };
  });
