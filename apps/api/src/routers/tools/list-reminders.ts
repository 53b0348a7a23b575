import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { listReminders } from '../../domain/chat-tools/reminders';
import { agentProcedure } from '../../trpc';

export const ZListRemindersInput = z.object({ scope: z.enum(['mine', 'team']).default('mine') });
export const ZListRemindersOutput = typeOnly<ResultOf<typeof listReminders>>();

export const listRemindersProcedure = agentProcedure
  .input(ZListRemindersInput)
  .output(ZListRemindersOutput)
  .query(({ ctx, input }) => listReminders(ctx.deps.db, ctx.actor, input.scope));
