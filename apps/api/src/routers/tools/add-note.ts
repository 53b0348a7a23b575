import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { addChatNote } from '../../domain/chat-tools/handover';
import { MESSAGE_MAX } from '../../domain/live-chat/constants';
import { ZId } from '../../lib/schemas';
import { ZText } from '../../lib/text';
import { agentProcedure } from '../../trpc';

export const ZAddNoteInput = z.object({ conversationId: ZId, body: ZText(MESSAGE_MAX) });
export const ZAddNoteOutput = typeOnly<ResultOf<typeof addChatNote>>();

/** C13: a private note in the chat, only ever shown to agents. */
export const addNoteProcedure = agentProcedure
  .input(ZAddNoteInput)
  .output(ZAddNoteOutput)
  .mutation(({ ctx, input }) => addChatNote(ctx.deps, ctx.actor, input));
