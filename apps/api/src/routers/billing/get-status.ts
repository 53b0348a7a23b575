import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { getBillingStatus } from '../../domain/billing/billing';
import { ownerProcedure } from '../../trpc';
import { billingDeps } from './deps';

export const ZGetStatusInput = z.object({}).optional();
export const ZGetStatusOutput = typeOnly<ResultOf<typeof getBillingStatus>>();

/** Whether a billing plugin is set up, the plans on sale and the account's subscription state (owner). */
export const getStatusProcedure = ownerProcedure
  .input(ZGetStatusInput)
  .output(ZGetStatusOutput)
  .query(({ ctx }) => getBillingStatus(billingDeps(ctx), ctx.actor.accountId));
