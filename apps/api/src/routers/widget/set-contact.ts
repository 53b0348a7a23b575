import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { setVisitorContact } from '../../domain/live-chat/widget';
import { ZOptionalText } from '../../lib/text';
import { visitorProcedure } from '../../trpc';

export const ZSetContactInput = z.object({
  name: ZOptionalText(100),
  email: z.string().trim().toLowerCase().max(254).email().nullish().or(z.literal('')),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[+\d\s().-]*$/)
    .nullish(),
});
export const ZSetContactOutput = typeOnly<ResultOf<typeof setVisitorContact>>();

export const setContactProcedure = visitorProcedure
  .input(ZSetContactInput)
  .output(ZSetContactOutput)
  .mutation(({ ctx, input }) => setVisitorContact(ctx.deps, ctx.visitor, input, ctx.client));
