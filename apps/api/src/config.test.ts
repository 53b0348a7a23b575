import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, repoRoot } from './config';

describe('loadConfig', () => {
  it('defaults to SQLite in ./data of the repository and the in-process bus', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, redisUrl: undefined });
    expect(c.dataDir).toBe(path.join(repoRoot, 'data'));
  });
  it('resolves a relative DATA_DIR from where npm was run', () => {
    expect(loadConfig({ DATA_DIR: 'x', INIT_CWD: '/srv/parley' }).dataDir).toBe('/srv/parley/x');
  });
  it('lists every bad variable in one error', () => {
    expect(() => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', REDIS_URL: 'http://x' })).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*REDIS_URL/,
    );
  });
  it('parses trusted proxies', () => {
    expect(loadConfig({ TRUSTED_PROXIES: 'loopback, 10.0.0.0/8' }).trustedProxies).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
  });
  it('uses S3 storage only when a bucket and its keys are given (C11)', () => {
    expect(loadConfig({}).s3).toBeUndefined();
    expect(loadConfig({ UPLOAD_MAX_MB: '2' }).uploadMaxBytes).toBe(2 * 1024 * 1024);
    expect(() => loadConfig({ S3_BUCKET: 'files' })).toThrow(/S3_ACCESS_KEY_ID/);
    expect(
      loadConfig({
        S3_BUCKET: 'files',
        S3_REGION: 'eu-west-1',
        S3_ACCESS_KEY_ID: 'a',
        S3_SECRET_ACCESS_KEY: 'b',
      }).s3,
    ).toMatchObject({ bucket: 'files', endpoint: 'https://s3.eu-west-1.amazonaws.com' });
  });
  it('runs the statistics rollup every 30 s unless told otherwise', () => {
    expect(loadConfig({}).statsRollup).toEqual({ enabled: true, everyMs: 30_000 });
    expect(loadConfig({ STATS_ROLLUP: 'off', STATS_ROLLUP_SECONDS: '5' }).statsRollup).toEqual({
      enabled: false,
      everyMs: 5000,
    });
    expect(() => loadConfig({ STATS_ROLLUP: 'maybe' })).toThrow(/STATS_ROLLUP must be on or off/);
    expect(() => loadConfig({ STATS_ROLLUP_SECONDS: '0' })).toThrow(/STATS_ROLLUP_SECONDS/);
  });
  it('reads operator emails: comma separated, trimmed, lower-cased, checked', () => {
    expect(loadConfig({}).operatorEmails).toEqual([]);
    expect(
      loadConfig({ PARLEY_OPERATOR_EMAILS: ' Ops@Example.com, second@example.org,,ops@example.com ' })
        .operatorEmails,
    ).toEqual(['ops@example.com', 'second@example.org']);
    expect(() => loadConfig({ PARLEY_OPERATOR_EMAILS: 'ops@example.com, nobody' })).toThrow(
      /PARLEY_OPERATOR_EMAILS: not an email address: nobody/,
    );
  });

  it('keeps public sign-up closed unless told otherwise; invite mode needs codes', () => {
    expect(loadConfig({}).signup).toEqual({ mode: 'closed', inviteCodes: [] });
    expect(loadConfig({ SIGNUP: 'open' }).signup.mode).toBe('open');
    expect(loadConfig({ SIGNUP: 'invite', SIGNUP_INVITE_CODES: 'spring-2027, partners-x1' }).signup).toEqual({
      mode: 'invite',
      inviteCodes: ['spring-2027', 'partners-x1'],
    });
    expect(() => loadConfig({ SIGNUP: 'maybe' })).toThrow(/SIGNUP must be open, invite or closed/);
    expect(() => loadConfig({ SIGNUP: 'invite' })).toThrow(/SIGNUP=invite needs SIGNUP_INVITE_CODES/);
    expect(() => loadConfig({ SIGNUP: 'invite', SIGNUP_INVITE_CODES: 'short' })).toThrow(/8 to 100/);
  });
});
