import { z } from 'zod';
import { typeOnly } from '../../contract/output';
import { loginWithPasskey } from '../../domain/auth';
import type { Me } from '../../domain/users';
import { publicUrlOf } from '../../lib/handler-deps';
import { publicProcedure } from '../../trpc';
import { startSignedIn } from '../shared/session-cookie';
import { ZAuthenticationCredential, ZChallengeId } from '../shared/webauthn';

export const ZLoginWithPasskeyInput = z.object({
  challengeId: ZChallengeId,
  credential: ZAuthenticationCredential,
});
export const ZLoginWithPasskeyOutput = z.object({ me: typeOnly<Me>() });

/** Password-less sign-in, step 2 (A5): the passkey's signed answer makes the session. */
export const loginWithPasskeyProcedure = publicProcedure
  .input(ZLoginWithPasskeyInput)
  .output(ZLoginWithPasskeyOutput)
  .mutation(async ({ ctx, input }) => ({
    me: await startSignedIn(
      ctx,
      await loginWithPasskey(ctx.deps.db, publicUrlOf(ctx.deps.config), input, ctx.client),
    ),
  }));
