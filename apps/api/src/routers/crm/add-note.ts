import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { addNote } from '../../domain/crm/visitors';
import { ZId } from '../../lib/schemas';
import { ZText } from '../../lib/text';
import { agentProcedure } from '../../trpc';

export const ZAddNoteInput = z.object({ visitorId: ZId, body: ZText(5000) });
export const ZAddNoteOutput = typeOnly<ResultOf<typeof addNote>>();

export const addNoteProcedure = agentProcedure
  .input(ZAddNoteInput)
  .output(ZAddNoteOutput)
  .mutation(({ ctx, input }) => addNote(ctx.deps, ctx.actor, input));
