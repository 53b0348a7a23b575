import { describe, expect, it, vi } from 'vitest';
import { featureUnavailable, limitReached } from '../domain/plans';
import { AppError } from '../errors';
import { errorBodyOf, errorJson } from './errors';

const logger = { error: vi.fn() };

describe('REST error bodies', () => {
  it('carry a plan limit’s details (limit, max, used), localised', () => {
    const body = errorBodyOf(limitReached('agents', 3, 3), logger, 'POST /x');
    expect(body.status).toBe(403);
    expect(errorJson('tr', body)).toEqual({
      error: {
        code: 'plan.limit_reached',
        message: expect.stringContaining('Pro'),
        details: { limit: 'agents', max: 3, used: 3 },
      },
    });
  });

  it('carry the missing feature', () => {
    expect(errorJson('en', errorBodyOf(featureUnavailable('webhooks'), logger, 'POST /x'))).toMatchObject({
      error: { code: 'plan.feature_unavailable', details: { feature: 'webhooks' } },
    });
  });

  it('leave details out when the error has none, and hide bugs', () => {
    const plain = errorJson('en', errorBodyOf(new AppError('conflict', 'tag.taken'), logger, 'POST /x'));
    expect(plain.error).not.toHaveProperty('details');
    const bug = errorBodyOf(new Error('secret'), logger, 'POST /x');
    expect(errorJson('en', bug)).toEqual({ error: { code: 'internal', message: 'Internal server error.' } });
    expect(logger.error).toHaveBeenCalledOnce();
  });
});
