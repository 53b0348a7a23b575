import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { setVisitorContact } from '../../domain/live-chat/widget';
import { ZContactFields } from '../../lib/contact-schema';
import { visitorProcedure } from '../../trpc';

export const ZSetContactInput = z.object(ZContactFields);
export const ZSetContactOutput = typeOnly<ResultOf<typeof setVisitorContact>>();

export const setContactProcedure = visitorProcedure
  .input(ZSetContactInput)
  .output(ZSetContactOutput)
  .mutation(({ ctx, input }) => setVisitorContact(ctx.deps, ctx.visitor, input, ctx.client));
