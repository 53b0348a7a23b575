import { isDatabaseUnavailable } from '@parley/db';
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Actor, Context } from './context';
import { scopedDeps } from './deps';
import { AppError, appErrorOf, ERROR_TRANSPORT } from './errors';
import { zodFieldErrors } from './lib/zod-errors';

export type Access = 'public' | 'visitor' | 'agent' | 'admin' | 'owner';
export interface Meta {
  /** Who may call the procedure; checked by middleware and walked by the access test. */
  access: Access;
}

const ROLE_RANK = { agent: 1, admin: 2, owner: 3 } as const;

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // Never send stack traces, whatever NODE_ENV says.
    isDev: false,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const internal = error.code === 'INTERNAL_SERVER_ERROR';
      let appCode: string | undefined;
      let fieldErrors: Record<string, string> | undefined;
      if (cause instanceof AppError) {
        appCode = cause.code;
        fieldErrors = cause.fieldErrors;
      } else if (cause instanceof z.ZodError) {
        appCode = 'validation';
        fieldErrors = zodFieldErrors(cause);
      } else if (error.code === 'UNAUTHORIZED') appCode = 'auth.required';
      else if (error.code === 'FORBIDDEN') appCode = 'forbidden';
      else if (internal) appCode = 'internal';
      return {
        message: internal
          ? 'Internal server error'
          : appCode === 'validation'
            ? 'Invalid input'
            : shape.message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          appCode,
          fieldErrors,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns domain errors into transport errors in one place; logs the unexpected ones. */
const mapErrors = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    // A restart of PostgreSQL: one line per failed request, not a stack trace each.
    if (isDatabaseUnavailable(cause)) ctx.deps.logger.warn({ path }, 'database unavailable');
    const appError = appErrorOf(cause);
    if (appError) {
      throw new TRPCError({
        code: ERROR_TRANSPORT[appError.kind].trpc,
        message: appError.message,
        cause: appError,
      });
    }
    if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      ctx.deps.logger.error({ err: cause ?? result.error, path }, 'procedure failed');
    }
  }
  return result;
});

/** True when any string in the (JSON) value holds a NUL character, which PostgreSQL refuses to store. */
function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000') || hasNul(item, depth + 1)) return true;
  }
  return false;
}

/** Text with NUL characters is refused for every procedure, on both databases alike. */
const rejectNul = t.middleware(async ({ getRawInput, next }) => {
  // Input that cannot be read is left to the procedure's own parser (which reports it, or ignores it
  // for procedures without input).
  const raw = await getRawInput().catch(() => undefined);
  if (hasNul(raw)) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'Text must not contain NUL characters',
      cause: new AppError('bad_request', 'validation.invalid', 'Text must not contain NUL characters'),
    });
  }
  return next();
});

const base = t.procedure.use(mapErrors).use(rejectNul);

export const publicProcedure = base.meta({ access: 'public' });

/**
 * What an agent may still call while their account requires two-factor sign-in and they have not
 * turned it on: who they are, signing out, and the security settings where they turn it on.
 */
const OPEN_WITHOUT_TWO_FACTOR = ['auth.', 'security.'];

const requireRole = t.middleware(async ({ ctx, meta, path, next }) => {
  const access = meta?.access === 'visitor' ? 'owner' : (meta?.access ?? 'owner');
  const auth = await ctx.authenticate();
  if (!auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Log in first' });
  if (access !== 'public' && ROLE_RANK[auth.user.role] < ROLE_RANK[access]) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role does not allow this' });
  }
  if (auth.user.twoFactorMissing && !OPEN_WITHOUT_TWO_FACTOR.some((prefix) => path.startsWith(prefix))) {
    const message = 'Your team requires two-factor sign-in: turn it on in Settings → Sign-in security';
    throw new TRPCError({
      code: 'FORBIDDEN',
      message,
      cause: new AppError('forbidden', 'two_factor.enrolment_required', message),
    });
  }
  const actor: Actor = {
    accountId: auth.user.accountId,
    userId: auth.user.id,
    role: auth.user.role,
    ip: ctx.client.ip,
    sessionId: auth.sessionId,
  };
  // The one place where what belongs to this caller joins the context: from here on every query the
  // procedure makes through ctx.deps.db is confined to the caller's account.
  return next({ ctx: { ...ctx, actor, deps: scopedDeps(ctx.deps, actor.accountId) } });
});

export const agentProcedure = base.meta({ access: 'agent' }).use(requireRole);
export const adminProcedure = base.meta({ access: 'admin' }).use(requireRole);
export const ownerProcedure = base.meta({ access: 'owner' }).use(requireRole);

const requireVisitor = t.middleware(async ({ ctx, next }) => {
  const visitor = await ctx.authenticateVisitor();
  if (!visitor)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Unknown visitor; start the widget again' });
  return next({ ctx: { ...ctx, deps: scopedDeps(ctx.deps, visitor.accountId), visitor } });
});

/** Widget calls: the visitor token names the visitor, its account and its channel. */
export const visitorProcedure = base.meta({ access: 'visitor' }).use(requireVisitor);
