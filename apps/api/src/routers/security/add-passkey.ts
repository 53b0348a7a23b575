import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { finishPasskeyRegistration } from '../../domain/sign-in/passkeys';
import { publicUrlOf } from '../../lib/handler-deps';
import { agentProcedure } from '../../trpc';
import { ZChallengeId, ZRegistrationCredential } from '../shared/webauthn';

export const ZAddPasskeyInput = z.object({
  challengeId: ZChallengeId,
  credential: ZRegistrationCredential,
  name: z.string().trim().min(1).max(60),
});
export const ZAddPasskeyOutput = typeOnly<ResultOf<typeof finishPasskeyRegistration>>();

/** Adding a passkey, step 2: the authenticator's answer, verified, is stored. */
export const addPasskeyProcedure = agentProcedure
  .input(ZAddPasskeyInput)
  .output(ZAddPasskeyOutput)
  .mutation(({ ctx, input }) =>
    finishPasskeyRegistration(ctx.deps.db, ctx.actor, publicUrlOf(ctx.deps.config), input),
  );
