import { type ResultOf, typeOnly } from '../../contract/output';
import { startPasskeyLogin } from '../../domain/sign-in/passkeys';
import { publicUrlOf } from '../../lib/handler-deps';
import { publicProcedure } from '../../trpc';

export const ZStartPasskeyLoginOutput = typeOnly<ResultOf<typeof startPasskeyLogin>>();

/** Password-less sign-in, step 1 (A5): options for the browser's passkey prompt. */
export const startPasskeyLoginProcedure = publicProcedure
  .output(ZStartPasskeyLoginOutput)
  .mutation(({ ctx }) => startPasskeyLogin(ctx.deps.db, publicUrlOf(ctx.deps.config)));
