import { z } from 'zod';
import { listLinkedAccounts } from '../../domain/sign-in/switch-account';
import { agentProcedure } from '../../trpc';
import { ZAccountOption } from './schemas';

export const ZLinkedAccountsOutput = z.object({ accounts: z.array(ZAccountOption) });

/** The other accounts this sign-in proved the same person in (the console's account switcher). */
export const linkedAccountsProcedure = agentProcedure
  .output(ZLinkedAccountsOutput)
  .query(({ ctx }) => listLinkedAccounts(ctx.deps.systemDb, ctx.actor));
