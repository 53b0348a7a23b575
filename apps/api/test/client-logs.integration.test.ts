import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_LOG_UPLOADS_PER_HOUR } from '../src/domain/client-logs/client-logs';
import { redactRoute, redactStack, redactText } from '../src/domain/client-logs/redact';
import { callerFor, createTestDeps, errorOf, seedAccount, type TestDeps } from './harness';

// J3 "Send error log": any agent uploads their console's log (redacted again here, bounded);
// only admins and owners of the same account read it.

let deps: TestDeps;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
beforeAll(async () => {
  deps = await createTestDeps();
  acme = await seedAccount(deps, 'Acme');
  other = await seedAccount(deps, 'Other');
});
afterAll(async () => {
  await deps.cleanup();
});

const entry = (message: string, extra: Record<string, unknown> = {}) => ({
  at: new Date().toISOString(),
  level: 'error' as const,
  source: 'window' as const,
  message,
  ...extra,
});

describe('redaction', () => {
  it('drops emails, numbers, tokens, queries and long quoted text; keeps ids and codes', () => {
    const id = '0193a5c2-7f1e-7c3a-9d2b-2f6a1b3c4d5e';
    const out = redactText(
      `Failed for ${id} jane.doe@example.com +90 532 123 45 67 token abcdefghij0123456789ABCDEFGHIJ0123 https://x.test/a/b?secret=1#f "Hello, my card number is in this long message"`,
    );
    expect(out).toContain(id);
    expect(out).not.toMatch(/jane|example\.com|532|abcdefghij|secret|card number/);
    expect(out).toContain('[email]');
    expect(out).toContain('[number]');
    expect(out).toContain('[token]');
    expect(out).toContain('https://x.test/a/b?[…]');
    expect(out).toContain('"[text]"');
    expect(redactText("Cannot read properties of undefined (reading 'name')")).toBe(
      "Cannot read properties of undefined (reading 'name')",
    );
    expect(redactText('x'.repeat(1000)).length).toBe(300);
    expect(redactRoute('/reset-password/abc123?x=1')).toBe('/reset-password/[token]');
    expect(redactRoute(`/chats/${id}`)).toBe(`/chats/${id}`);
    expect(
      redactStack(
        Array.from({ length: 20 }, (_, i) => `at f${i} (https://c.test/a.js?v=1:1:${i})`).join('\n'),
      ).split('\n'),
    ).toHaveLength(7);
  });
});

describe('clientLogs', () => {
  it('an agent sends a log; the server redacts and bounds it; their admin and owner read it', async () => {
    const agent = callerFor(deps, acme.agent.token);
    const sent = await agent.clientLogs.send({
      userAgent: 'Mozilla/5.0 test',
      appVersion: '0.1.0',
      entries: [
        entry('boom for someone@example.com', {
          route: '/invite/secret-token-value',
          stack: 'Error: boom\n at x (https://c.test/a.js?q=1:1:1)',
        }),
        {
          ...entry('chats.send failed'),
          level: 'warn' as const,
          source: 'trpc' as const,
          path: 'chats.send',
          code: 'NOT_FOUND',
        },
      ],
    });
    expect(sent.entries).toBe(2);

    for (const reader of [acme.admin, acme.owner]) {
      const list = await callerFor(deps, reader.token).clientLogs.list();
      const item = list.items.find((i) => i.id === sent.id);
      expect(item).toMatchObject({ entries: 2, errors: 1, warnings: 1, user: { id: acme.agent.id } });
    }
    const log = await callerFor(deps, acme.admin.token).clientLogs.get({ id: sent.id });
    expect(log.userAgent).toBe('Mozilla/5.0 test');
    expect(log.entries[0]?.message).toBe('boom for [email]');
    expect(log.entries[0]?.route).toBe('/invite/[token]');
    expect(log.entries[0]?.stack).toContain('https://c.test/a.js?[…]');
    expect(log.entries[1]).toMatchObject({
      path: 'chats.send',
      code: 'NOT_FOUND',
      level: 'warn',
      source: 'trpc',
    });
    const filtered = await callerFor(deps, acme.admin.token).clientLogs.list({ userId: acme.admin.id });
    expect(filtered.items.some((i) => i.id === sent.id)).toBe(false);
  });

  it('agents cannot read logs; another account cannot see or open them; anonymous cannot send', async () => {
    const sent = await callerFor(deps, acme.admin.token).clientLogs.send({ entries: [entry('x')] });
    expect((await errorOf(callerFor(deps, acme.agent.token).clientLogs.list())).code).toBe('FORBIDDEN');
    expect((await errorOf(callerFor(deps, acme.agent.token).clientLogs.get({ id: sent.id }))).code).toBe(
      'FORBIDDEN',
    );
    const outsider = callerFor(deps, other.owner.token);
    expect((await outsider.clientLogs.list()).items).toEqual([]);
    expect((await errorOf(outsider.clientLogs.get({ id: sent.id }))).code).toBe('NOT_FOUND');
    expect((await errorOf(callerFor(deps).clientLogs.send({ entries: [entry('x')] }))).code).toBe(
      'UNAUTHORIZED',
    );
  });

  it('refuses hostile input: too many entries, unknown levels, huge fields; rate-limits uploads', async () => {
    const owner = callerFor(deps, other.owner.token);
    const tooMany = Array.from({ length: 201 }, () => entry('x'));
    expect((await errorOf(owner.clientLogs.send({ entries: tooMany }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(owner.clientLogs.send({ entries: [] }))).code).toBe('BAD_REQUEST');
    expect(
      (await errorOf(owner.clientLogs.send({ entries: [{ ...entry('x'), level: 'info' as 'warn' }] }))).code,
    ).toBe('BAD_REQUEST');
    expect((await errorOf(owner.clientLogs.send({ entries: [entry('x'.repeat(5000))] }))).code).toBe(
      'BAD_REQUEST',
    );
    const big = await owner.clientLogs.send({ entries: [entry('y'.repeat(1500))] });
    const stored = await owner.clientLogs.get({ id: big.id });
    expect(stored.entries[0]?.message.length).toBe(300);
    for (let i = 1; i < CLIENT_LOG_UPLOADS_PER_HOUR; i++)
      await owner.clientLogs.send({ entries: [entry('z')] });
    const limited = await errorOf(owner.clientLogs.send({ entries: [entry('z')] }));
    expect(limited).toMatchObject({ code: 'TOO_MANY_REQUESTS', appCode: 'client_log.rate_limited' });
  });
});
