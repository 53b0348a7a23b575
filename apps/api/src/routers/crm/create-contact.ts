import { z } from 'zod';
import { createContact } from '../../domain/crm/visitors';
import { ZContactFields } from '../../lib/contact-schema';
import { agentProcedure } from '../../trpc';

export const ZCreateContactInput = z.object(ZContactFields);
export const ZCreateContactOutput = z.object({ id: z.string() });

/** D1: a contact added by hand, with the account's next visitor number (the REST API's POST /contacts). */
export const createContactProcedure = agentProcedure
  .input(ZCreateContactInput)
  .output(ZCreateContactOutput)
  .mutation(({ ctx, input }) => createContact(ctx.deps, ctx.actor, input));
