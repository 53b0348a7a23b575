import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { softphoneCredentials } from '../../domain/calls/softphone';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';
import { callDeps } from './deps';

export const ZSoftphoneCredentialsInput = z.object({
  /** A SIP phone channel of the caller's account that the caller serves. */
  channelId: ZId,
});
export const ZSoftphoneCredentialsOutput = typeOnly<ResultOf<typeof softphoneCredentials>>();

/**
 * H2 softphone model: the agent's SIP registration (WebSocket URL, SIP URI, digest user and password,
 * expiry of short-lived ones, ICE servers). Never stored by the console; asked for again before expiry.
 */
export const softphoneCredentialsProcedure = agentProcedure
  .input(ZSoftphoneCredentialsInput)
  .output(ZSoftphoneCredentialsOutput)
  .mutation(({ ctx, input }) => softphoneCredentials(callDeps(ctx.deps), ctx.actor, input));
