import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { updateContact } from '../../domain/crm/visitors';
import { ZContactFields } from '../../lib/contact-schema';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZUpdateContactInput = z.object({ visitorId: ZId, ...ZContactFields });
export const ZUpdateContactOutput = ZOk;

export const updateContactProcedure = agentProcedure
  .input(ZUpdateContactInput)
  .output(ZUpdateContactOutput)
  .mutation(async ({ ctx, input }) => {
    await updateContact(ctx.deps, ctx.actor, input);
    return { ok: true };
  });
