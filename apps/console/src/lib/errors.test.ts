import { describe, expect, it } from 'vitest';
import {
  appErrorMessages,
  describeError,
  fieldErrorMessages,
  genericErrorMessages,
  readErrorShape,
} from './errors';

// Mimics TRPCClientError: name + data from the server's errorFormatter.
function trpcError(data?: Record<string, unknown>) {
  return Object.assign(new Error('boom'), { name: 'TRPCClientError', data });
}

describe('describeError', () => {
  it('names the plan limit that refused (J6 details.limit), else the general plan message', () => {
    const agents = describeError(
      trpcError({
        code: 'FORBIDDEN',
        appCode: 'plan.limit_reached',
        details: { limit: 'agents', max: 3, used: 3 },
      }),
    );
    expect(agents.message.id).toBe('error.plan.limit_reached.agents');
    const unknown = describeError(
      trpcError({ code: 'FORBIDDEN', appCode: 'plan.limit_reached', details: { limit: 'rockets' } }),
    );
    expect(unknown.message).toBe(appErrorMessages['plan.limit_reached']);
  });

  it('maps a known appCode to its message', () => {
    const result = describeError(trpcError({ code: 'UNAUTHORIZED', appCode: 'auth.invalid_credentials' }));
    expect(result.message).toBe(appErrorMessages['auth.invalid_credentials']);
    expect(result.fieldErrors).toEqual({});
  });

  it('maps field errors and keeps a form-level message', () => {
    const result = describeError(
      trpcError({
        code: 'BAD_REQUEST',
        fieldErrors: { email: 'validation.email', name: 'validation.required' },
      }),
    );
    expect(result.message).toBe(genericErrorMessages.badRequest);
    expect(result.fieldErrors.email).toBe(fieldErrorMessages['validation.email']);
    expect(result.fieldErrors.name).toBe(fieldErrorMessages['validation.required']);
  });

  it('accepts an appCode as a field error id', () => {
    const result = describeError(trpcError({ code: 'CONFLICT', fieldErrors: { email: 'email.taken' } }));
    expect(result.fieldErrors.email).toBe(appErrorMessages['email.taken']);
  });

  it('falls back for unknown codes and ids', () => {
    const result = describeError(
      trpcError({ code: 'IM_A_TEAPOT', appCode: 'brand.new', fieldErrors: { x: 'y' } }),
    );
    expect(result.message).toBe(genericErrorMessages.generic);
    expect(result.fieldErrors.x).toBe(fieldErrorMessages['validation.invalid']);
  });

  it('treats the server\'s "validation" code as a field problem', () => {
    const error = trpcError({
      code: 'BAD_REQUEST',
      appCode: 'validation',
      fieldErrors: { name: 'validation.too_long' },
    });
    expect(describeError(error).message).toBe(genericErrorMessages.badRequest);
  });

  it('uses the tRPC code when there is no known appCode', () => {
    expect(describeError(trpcError({ code: 'UNAUTHORIZED', appCode: 'auth.something_new' })).message).toBe(
      appErrorMessages['auth.required'],
    );
    expect(describeError(trpcError({ code: 'FORBIDDEN' })).message).toBe(appErrorMessages.forbidden);
  });

  it('does not trip over prototype keys', () => {
    expect(describeError(trpcError({ appCode: 'constructor' })).message).toBe(genericErrorMessages.generic);
  });

  it('recognises network failures', () => {
    expect(describeError(trpcError()).message).toBe(genericErrorMessages.network);
    expect(describeError(new TypeError('Failed to fetch')).message).toBe(genericErrorMessages.network);
  });

  it('reads upload error bodies', () => {
    const body = { error: { appCode: 'avatar.too_large', message: 'too big' } };
    expect(readErrorShape(body).appCode).toBe('avatar.too_large');
    expect(describeError(body).message).toBe(appErrorMessages['avatar.too_large']);
  });

  it('handles non-objects', () => {
    expect(describeError('nope').message).toBe(genericErrorMessages.generic);
    expect(describeError(undefined).message).toBe(genericErrorMessages.generic);
  });
});
