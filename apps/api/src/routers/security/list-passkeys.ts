import { type ResultOf, typeOnly } from '../../contract/output';
import { listPasskeys } from '../../domain/sign-in/passkeys';
import { agentProcedure } from '../../trpc';

export const ZListPasskeysOutput = typeOnly<ResultOf<typeof listPasskeys>>();

export const listPasskeysProcedure = agentProcedure
  .output(ZListPasskeysOutput)
  .query(({ ctx }) => listPasskeys(ctx.deps.db, ctx.actor));
