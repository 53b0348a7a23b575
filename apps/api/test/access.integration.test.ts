import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/tokens';
import { appRouter } from '../src/routers';
import type { Access } from '../src/trpc';
import { callerFor, createTestDeps, seedAccount, type TestDeps } from './harness';

/**
 * A4: walks every procedure of the router with each role, anonymously, and as a user of another
 * account, asserting the refusals. A new procedure is covered automatically.
 */
type AnyProcedure = { _def: { meta?: { access?: Access }; type: string } };
const procedures = Object.entries(
  (appRouter._def as unknown as { procedures: Record<string, AnyProcedure> }).procedures,
);
const RANK = { agent: 1, admin: 2, owner: 3 } as const;

async function call(
  caller: unknown,
  path: string,
  input: unknown,
): Promise<{ ok: true; value: unknown } | { ok: false; code: string }> {
  const fn = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    i: unknown,
  ) => Promise<unknown>;
  try {
    const value = await fn(input);
    // Subscriptions hand back an iterator; stop it at once.
    if (value && typeof value === 'object' && Symbol.asyncIterator in value) {
      await (value as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.();
    }
    return { ok: true, value };
  } catch (err) {
    return { ok: false, code: (err as { code?: string }).code ?? 'UNKNOWN' };
  }
}

let deps: TestDeps;
let a: Awaited<ReturnType<typeof seedAccount>>;
let b: Awaited<ReturnType<typeof seedAccount>>;
beforeAll(async () => {
  deps = await createTestDeps();
  a = await seedAccount(deps, 'Alpha');
  b = await seedAccount(deps, 'Beta');
});
afterAll(() => deps.cleanup());

describe('access control (A4)', () => {
  it('every procedure declares who may call it', () => {
    expect(procedures.length).toBeGreaterThan(15);
    for (const [path, proc] of procedures) expect(proc._def.meta?.access, path).toBeDefined();
  });

  it.each(procedures.filter(([, p]) => p._def.meta?.access === 'visitor'))(
    '%s refuses callers without a valid visitor token, agents included',
    async (path) => {
      expect(await call(callerFor(deps), path, undefined)).toEqual({ ok: false, code: 'UNAUTHORIZED' });
      expect(await call(callerFor(deps, b.owner.token), path, undefined)).toEqual({
        ok: false,
        code: 'UNAUTHORIZED',
      });
    },
  );

  it.each(procedures.filter(([, p]) => !['public', 'visitor'].includes(p._def.meta?.access ?? '')))(
    '%s refuses anonymous callers and lower roles',
    async (path, proc) => {
      const access = proc._def.meta!.access as Exclude<Access, 'public' | 'visitor'>;
      expect(await call(callerFor(deps), path, undefined)).toEqual({ ok: false, code: 'UNAUTHORIZED' });
      expect(await call(callerFor(deps, 'not-a-real-token'), path, undefined)).toEqual({
        ok: false,
        code: 'UNAUTHORIZED',
      });
      // Roles are walked from the highest so a procedure with side effects runs last for the agent.
      for (const role of ['owner', 'admin', 'agent'] as const) {
        const result = await call(callerFor(deps, b[role].token), path, {});
        if (RANK[role] < RANK[access])
          expect(result, `${path} as ${role}`).toEqual({ ok: false, code: 'FORBIDDEN' });
        else if (!result.ok)
          expect(['UNAUTHORIZED', 'FORBIDDEN'], `${path} as ${role}`).not.toContain(result.code);
      }
    },
  );

  it('a user of another account can neither see nor change this account’s data', async () => {
    const channel = await deps.db.channel.create({
      data: { accountId: a.account.id, kind: 'website', name: 'Alpha site', publicKey: 'pk_alpha' },
    });
    const invitation = await callerFor(deps, a.admin.token).invitations.create({
      email: 'alpha-invite@example.com',
      role: 'agent',
    });
    const snapshot = async () => ({
      users: await deps.db.user.findMany({ where: { accountId: a.account.id }, orderBy: { id: 'asc' } }),
      sessions: await deps.db.session.findMany({
        where: { accountId: a.account.id },
        orderBy: { id: 'asc' },
      }),
      invitations: await deps.db.invitation.findMany({
        where: { accountId: a.account.id },
        orderBy: { id: 'asc' },
      }),
      displayNames: await deps.db.channelDisplayName.findMany({ where: { accountId: a.account.id } }),
    });
    const before = await snapshot();

    // Inputs aimed at account A's rows; every other procedure gets its plain call.
    const foreignInputs: Record<string, unknown> = {
      'sessions.revoke': { id: hashToken(a.owner.token) },
      'invitations.revoke': { id: invitation.id },
      'invitations.resend': { id: invitation.id },
      'account.setDisplayName': { channelId: channel.id, displayName: 'hijack' },
    };
    const secrets = [
      a.account.id,
      a.owner.id,
      a.admin.id,
      a.agent.id,
      a.owner.email,
      invitation.id,
      channel.id,
      hashToken(a.owner.token),
    ];
    for (const [path, proc] of procedures) {
      if (
        proc._def.meta?.access === 'public' ||
        path === 'sessions.revokeOthers' ||
        path.startsWith('account.change')
      )
        continue;
      const result = await call(callerFor(deps, b.owner.token), path, foreignInputs[path] ?? {});
      if (result.ok) {
        const text = JSON.stringify(result.value ?? null);
        for (const s of secrets) expect(text, `${path} leaked ${s}`).not.toContain(s);
      } else if (foreignInputs[path]) {
        expect(result.code, path).toBe('NOT_FOUND');
      }
    }
    expect(await snapshot()).toEqual(before);
  });
});
