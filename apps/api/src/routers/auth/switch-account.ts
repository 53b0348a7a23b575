import { z } from 'zod';
import { typeOnly } from '../../contract/output';
import { scopedDeps } from '../../deps';
import { switchAccount } from '../../domain/sign-in/switch-account';
import { setPresence } from '../../domain/team';
import type { Me } from '../../domain/users';
import { agentProcedure } from '../../trpc';
import { startSignedIn } from '../shared/session-cookie';

export const ZSwitchAccountInput = z.object({ accountId: z.string().min(1).max(64) });
export const ZSwitchAccountOutput = z.object({ me: typeOnly<Me>() });

/**
 * Moves the signed-in person to their user in another account, only when this session's sign-in
 * proved that user (docs/security.md, "Switching accounts"); otherwise NOT_FOUND.
 */
export const switchAccountProcedure = agentProcedure
  .input(ZSwitchAccountInput)
  .output(ZSwitchAccountOutput)
  .mutation(async ({ ctx, input }) => {
    const result = await switchAccount(ctx.deps, ctx.actor, input.accountId, ctx.client);
    // Leaving an account is signing out of it (as logout does); the new one sees the agent online.
    await setPresence(ctx.deps, { accountId: ctx.actor.accountId, userId: ctx.actor.userId }, 'offline');
    return { me: await startSignedIn({ ...ctx, deps: scopedDeps(ctx.deps, result.me.accountId) }, result) };
  });
