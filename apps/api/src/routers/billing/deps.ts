import { z } from 'zod';
import type { Context } from '../../context';
import type { BillingDeps } from '../../domain/billing/billing';
import { publicUrlOf } from '../../lib/handler-deps';

/** The owner's billing calls: their account-scoped client, and the host to reach the provider. */
export const billingDeps = (ctx: Context): BillingDeps => ({
  db: ctx.deps.db,
  systemDb: ctx.deps.systemDb,
  plugins: ctx.deps.plugins,
  logger: ctx.deps.logger,
  config: { publicUrl: publicUrlOf(ctx.deps.config) },
});

/** A console path the provider sends the owner back to (`/pro`, the Pro page); anything else becomes `/`. */
export const ZReturnPath = z
  .string()
  .max(200)
  .regex(/^\/(?!\/)[\w\-/]*$/)
  .optional();
