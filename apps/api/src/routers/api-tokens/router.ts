import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { API_SCOPES, createApiToken, listApiTokens, revokeApiToken } from '../../domain/api-tokens/tokens';
import { ZId } from '../../lib/schemas';
import { ZText } from '../../lib/text';
import { adminProcedure, router } from '../../trpc';

const ZScope = z.enum(API_SCOPES);
const ZApiToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(ZScope),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});

export const ZCreateApiTokenInput = z.object({
  name: ZText(80),
  scopes: z.array(ZScope).min(1).max(API_SCOPES.length),
  expiresAt: z.iso.datetime({ offset: true }).nullish(),
});

/** J7 Manage → API (admins): the account's API tokens. The secret is in create's answer only. */
export const apiTokensRouter = router({
  list: adminProcedure
    .output(z.array(ZApiToken))
    .query(({ ctx }) => listApiTokens(ctx.deps.db, ctx.actor.accountId)),
  create: adminProcedure
    .input(ZCreateApiTokenInput)
    .output(z.object({ token: z.string(), apiToken: ZApiToken }))
    .mutation(({ ctx, input }) =>
      createApiToken(ctx.deps, ctx.actor, {
        name: input.name,
        scopes: input.scopes,
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      }),
    ),
  revoke: adminProcedure
    .input(z.object({ id: ZId }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await revokeApiToken(ctx.deps.db, ctx.actor, input.id);
      return { ok: true };
    }),
});
