import { type ResultOf, typeOnly } from '../../contract/output';
import { startPasskeyRegistration } from '../../domain/sign-in/passkeys';
import { publicUrlOf } from '../../lib/handler-deps';
import { agentProcedure } from '../../trpc';

export const ZStartPasskeyRegistrationOutput = typeOnly<ResultOf<typeof startPasskeyRegistration>>();

/** Adding a passkey, step 1: options for the browser's prompt. */
export const startPasskeyRegistrationProcedure = agentProcedure
  .output(ZStartPasskeyRegistrationOutput)
  .mutation(({ ctx }) => startPasskeyRegistration(ctx.deps.db, ctx.actor, publicUrlOf(ctx.deps.config)));
