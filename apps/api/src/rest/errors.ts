import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { appErrorOf, ERROR_TRANSPORT } from '../errors';
import { zodFieldErrors } from '../lib/zod-errors';
import type { Logger } from '../logger';
import { type ApiLocale, localisedMessage } from './messages';

/** A failure as the REST API answers it (docs/api.md, "Errors"). */
export interface ApiErrorBody {
  status: number;
  code: string;
  message: string;
  fieldErrors?: Record<string, string> | undefined;
  /** The AppError's facts, as tRPC errors carry them (`plan.limit_reached`: limit, max, used). */
  details?: Record<string, string | number> | undefined;
}

/** Any failure as the documented error shape: AppErrors keep their code, the rest become generic. */
export function errorBodyOf(err: unknown, logger: Pick<Logger, 'error'>, route: string): ApiErrorBody {
  let cause = err;
  if (err instanceof TRPCError) cause = err.cause ?? err;
  const app = appErrorOf(cause);
  if (app) {
    return {
      status: ERROR_TRANSPORT[app.kind].http,
      code: app.code,
      message: app.message,
      fieldErrors: app.fieldErrors,
      details: app.details,
    };
  }
  if (cause instanceof z.ZodError) {
    return { status: 400, code: 'validation', message: 'Invalid input', fieldErrors: zodFieldErrors(cause) };
  }
  if (err instanceof TRPCError) {
    if (err.code === 'FORBIDDEN' || err.code === 'UNAUTHORIZED')
      return { status: 403, code: 'forbidden', message: err.message };
    if (err.code === 'NOT_FOUND') return { status: 404, code: 'not_found', message: err.message };
    if (err.code === 'BAD_REQUEST') return { status: 400, code: 'validation', message: err.message };
  }
  logger.error({ err, route }, 'REST API call failed');
  return { status: 500, code: 'internal', message: 'Internal server error' };
}

/** The JSON an error answers with; optional members only when they have something to say. */
export function errorJson(locale: ApiLocale, e: ApiErrorBody) {
  return {
    error: {
      code: e.code,
      message: localisedMessage(locale, e.code, e.message),
      ...(e.fieldErrors ? { fieldErrors: e.fieldErrors } : {}),
      ...(e.details ? { details: e.details } : {}),
    },
  };
}
