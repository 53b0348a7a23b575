import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { deleteNote } from '../../domain/crm/visitors';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZDeleteNoteInput = z.object({ noteId: ZId });
export const ZDeleteNoteOutput = ZOk;

export const deleteNoteProcedure = agentProcedure
  .input(ZDeleteNoteInput)
  .output(ZDeleteNoteOutput)
  .mutation(async ({ ctx, input }) => {
    await deleteNote(ctx.deps, ctx.actor, input.noteId);
    return { ok: true };
  });
