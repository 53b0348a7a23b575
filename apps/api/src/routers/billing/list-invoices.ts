import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { listInvoices } from '../../domain/billing/billing';
import { ownerProcedure } from '../../trpc';
import { billingDeps } from './deps';

export const ZListInvoicesInput = z.object({}).optional();
export const ZListInvoicesOutput = typeOnly<ResultOf<typeof listInvoices>>();

/** The account's invoices, newest first (owner). */
export const listInvoicesProcedure = ownerProcedure
  .input(ZListInvoicesInput)
  .output(ZListInvoicesOutput)
  .query(({ ctx }) => listInvoices(billingDeps(ctx), ctx.actor.accountId));
