import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appErrorMessages, describeError, fieldErrorMessages } from './errors';

// Every error code the API's sign-in security code (A2, A5) can answer has its own console wording,
// so a locked-out user never reads the generic "something went wrong".
const domainDir = join(import.meta.dirname, '../../../api/src/domain/sign-in');
const sources = readdirSync(domainDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(domainDir, f), 'utf8'))
  .join('\n');
const appCodes = [...sources.matchAll(/new AppError\(\s*'[a-z_]+',\s*'([a-z_.]+)'/g)].map((m) => m[1] ?? '');

describe('sign-in security errors', () => {
  it('finds the codes the domain throws', () => {
    expect(appCodes).toEqual(
      expect.arrayContaining(['password_reset.invalid', 'two_factor.wrong_code', 'passkey.failed']),
    );
  });

  it.each([...new Set(appCodes)])('%s has a message', (code) => {
    expect(code in appErrorMessages, code).toBe(true);
  });

  it('field errors of "turn off two-factor" are worded', () => {
    const result = describeError(
      Object.assign(new Error('x'), {
        name: 'TRPCClientError',
        data: {
          code: 'BAD_REQUEST',
          appCode: 'two_factor.confirm_failed',
          fieldErrors: { password: 'password.wrong' },
        },
      }),
    );
    expect(result.message).toBe(appErrorMessages['two_factor.confirm_failed']);
    expect(result.fieldErrors.password).toBe(fieldErrorMessages['password.wrong']);
  });
});
