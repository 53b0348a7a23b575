import type { Context } from '../../context';
import type { SignupDeps } from '../../domain/sign-in/signup';
import { publicUrlOf } from '../../lib/handler-deps';

export const signupDepsOf = (ctx: Context): SignupDeps => ({
  db: ctx.deps.db,
  mailer: ctx.deps.mailer,
  logger: ctx.deps.logger,
  publicUrl: publicUrlOf(ctx.deps.config),
  signup: ctx.deps.config.signup,
});
