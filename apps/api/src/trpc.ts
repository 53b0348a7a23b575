import { isDatabaseUnavailable } from '@parley/db';
import { getTRPCErrorFromUnknown, initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Actor, Context } from './context';
import { scopedDeps } from './deps';
import type { VisitorAuth } from './domain/live-chat/visitor-auth';
import { isOperatorUser } from './domain/operator/operators';
import { AppError, appErrorOf, ERROR_TRANSPORT } from './errors';
import { zodFieldErrors } from './lib/zod-errors';

export type Access = 'public' | 'visitor' | 'agent' | 'admin' | 'owner' | 'operator';
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
      let details: Record<string, string | number> | undefined;
      if (cause instanceof AppError) {
        appCode = cause.code;
        fieldErrors = cause.fieldErrors;
        details = cause.details;
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
          details,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure runs behind ONE middleware of ours (a guard below), which in one level does what used
 * to be three: refuses NUL characters in the input, checks the caller (role and account, or the visitor)
 * and maps domain errors to transport errors on the way out. tRPC copies its call options at every
 * middleware level and the context at every level that adds to it; one level and one context addition
 * per call halve that (bench/RESULTS.md, 2026-12-07 "perfsat").
 */

/**
 * The transport error a failure leaves as: a domain error (AppError, or one `appErrorOf` recognises)
 * becomes its tRPC code; an unexpected one is logged. `null`: leave the error as it is.
 */
function mappedFailure(ctx: Context, path: string, error: TRPCError): TRPCError | null {
  const cause = error.cause;
  // A restart of PostgreSQL: one line per failed request, not a stack trace each.
  if (isDatabaseUnavailable(cause)) ctx.deps.logger.warn({ path }, 'database unavailable');
  const appError = appErrorOf(cause);
  if (appError) {
    return new TRPCError({
      code: ERROR_TRANSPORT[appError.kind].trpc,
      message: appError.message,
      cause: appError,
    });
  }
  if (error.code === 'INTERNAL_SERVER_ERROR') {
    ctx.deps.logger.error({ err: cause ?? error, path }, 'procedure failed');
  }
  return null;
}

/** A check of the guard itself failed: the error as the procedure's own failure would be mapped. */
function guardFailure(ctx: Context, path: string, err: unknown): TRPCError {
  const error = getTRPCErrorFromUnknown(err);
  return mappedFailure(ctx, path, error) ?? error;
}

/** The procedure's result, with a failure mapped (thrown, so tRPC turns it into the result). */
function mapResult<R extends { ok: boolean }>(ctx: Context, path: string, result: R): R {
  if (!result.ok) {
    const mapped = mappedFailure(ctx, path, (result as unknown as { error: TRPCError }).error);
    if (mapped) throw mapped;
  }
  return result;
}

/** True when any string in the (JSON) value holds a NUL character, which PostgreSQL refuses to store. */
function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (hasNul(item, depth + 1)) return true;
    return false;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (key.includes('\u0000') || hasNul((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/** Text with NUL characters is refused for every procedure, on both databases alike. */
async function refuseNul(getRawInput: () => Promise<unknown>): Promise<void> {
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
}

/** Public procedures: the NUL check and the error mapping. */
const publicGuard = t.middleware(async ({ ctx, path, getRawInput, next }) => {
  try {
    await refuseNul(getRawInput);
  } catch (err) {
    throw guardFailure(ctx, path, err);
  }
  return mapResult(ctx, path, await next());
});

export const publicProcedure = t.procedure.meta({ access: 'public' }).use(publicGuard);

/**
 * What an agent may still call while their account requires two-factor sign-in and they have not
 * turned it on: who they are, signing out, and the security settings where they turn it on.
 */
const OPEN_WITHOUT_TWO_FACTOR = ['auth.', 'security.'];

/** The caller of an agent, admin or owner procedure, checked against the procedure's `access`. */
async function actorOf(ctx: Context, meta: Meta | undefined, path: string): Promise<Actor> {
  const access =
    meta?.access === 'visitor' || meta?.access === 'operator' ? 'owner' : (meta?.access ?? 'owner');
  const auth = await ctx.authenticate();
  if (!auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Log in first' });
  // An operator procedure asks for no role in the caller's own account (operatorGuard checks more).
  if (access !== 'public' && meta?.access !== 'operator' && ROLE_RANK[auth.user.role] < ROLE_RANK[access]) {
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
  return {
    accountId: auth.user.accountId,
    userId: auth.user.id,
    role: auth.user.role,
    ip: ctx.client.ip,
    sessionId: auth.sessionId,
  };
}

/** Agent, admin and owner procedures: the NUL check, the role and account check, the error mapping. */
const roleGuard = t.middleware(async ({ ctx, meta, path, getRawInput, next }) => {
  let actor: Actor;
  try {
    await refuseNul(getRawInput);
    actor = await actorOf(ctx, meta, path);
  } catch (err) {
    throw guardFailure(ctx, path, err);
  }
  // The one place where what belongs to this caller joins the context: from here on every query the
  // procedure makes through ctx.deps.db is confined to the caller's account. (tRPC merges this into
  // the context: one copy per call.)
  return mapResult(ctx, path, await next({ ctx: { actor, deps: scopedDeps(ctx.deps, actor.accountId) } }));
});

export const agentProcedure = t.procedure.meta({ access: 'agent' }).use(roleGuard);
export const adminProcedure = t.procedure.meta({ access: 'admin' }).use(roleGuard);
export const ownerProcedure = t.procedure.meta({ access: 'owner' }).use(roleGuard);

/** Widget procedures: the NUL check, the visitor token (names the visitor, its account and channel), the error mapping. */
const visitorGuard = t.middleware(async ({ ctx, path, getRawInput, next }) => {
  let visitor: VisitorAuth | null;
  try {
    await refuseNul(getRawInput);
    visitor = await ctx.authenticateVisitor();
    if (!visitor)
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Unknown visitor; start the widget again' });
  } catch (err) {
    throw guardFailure(ctx, path, err);
  }
  return mapResult(
    ctx,
    path,
    await next({ ctx: { deps: scopedDeps(ctx.deps, visitor.accountId), visitor } }),
  );
});

/** Widget calls: the visitor token names the visitor, its account and its channel. */
export const visitorProcedure = t.procedure.meta({ access: 'visitor' }).use(visitorGuard);

/**
 * Operator procedures (many accounts on one server): a signed-in instance operator (`isOperatorUser`:
 * the first setup's owner, or an email in PARLEY_OPERATOR_EMAILS); anyone else, owners of other
 * accounts included, is FORBIDDEN. Their work crosses accounts by nature, so unlike every other
 * procedure they reach the raw client: `ctx.deps.systemDb`, deliberately, in domain/operator only.
 * `ctx.deps.db` stays scoped to the operator's own account, so a slip there cannot cross accounts.
 */
const operatorGuard = t.middleware(async ({ ctx, meta, path, getRawInput, next }) => {
  let actor: Actor;
  try {
    await refuseNul(getRawInput);
    actor = await actorOf(ctx, meta, path);
    if (!(await isOperatorUser(ctx.deps.systemDb, ctx.deps.config, actor.userId))) {
      const message = 'Only the operator of this server may do this';
      throw new TRPCError({
        code: 'FORBIDDEN',
        message,
        cause: new AppError('forbidden', 'operator.required', message),
      });
    }
  } catch (err) {
    throw guardFailure(ctx, path, err);
  }
  return mapResult(ctx, path, await next({ ctx: { actor, deps: scopedDeps(ctx.deps, actor.accountId) } }));
});

export const operatorProcedure = t.procedure.meta({ access: 'operator' }).use(operatorGuard);
