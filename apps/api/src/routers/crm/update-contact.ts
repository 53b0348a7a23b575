import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { updateContact } from '../../domain/crm/visitors';
import { ZId } from '../../lib/schemas';
import { ZOptionalText } from '../../lib/text';
import { agentProcedure } from '../../trpc';

export const ZUpdateContactInput = z.object({
  visitorId: ZId,
  name: ZOptionalText(100),
  email: z.string().trim().toLowerCase().max(254).email().nullish(),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[+\d\s().-]*$/)
    .nullish(),
});
export const ZUpdateContactOutput = ZOk;

export const updateContactProcedure = agentProcedure
  .input(ZUpdateContactInput)
  .output(ZUpdateContactOutput)
  .mutation(async ({ ctx, input }) => {
    await updateContact(ctx.deps, ctx.actor, input);
    return { ok: true };
  });
