import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/tokens';
import { LOGIN_LIMITS, loginDelayMs } from '../src/domain/auth';
import { SESSION_TTL_MS, validateSessionToken } from '../src/domain/sessions';
import { appRouter } from '../src/routers';
import { createCallerFactory } from '../src/trpc';
import {
  callerFor,
  createTestDeps,
  errorOf,
  PASSWORD,
  seedAccount,
  type TestDeps,
  testContext,
} from './harness';

let deps: TestDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.cleanup());

const tokenFromCookie = (cookie: string) => /parley_session=([^;]*)/.exec(cookie)?.[1] ?? '';

describe('first-run setup (A1)', () => {
  it('creates the account and its owner once, then is gone', async () => {
    const anon = callerFor(deps);
    expect(await anon.setup.status()).toEqual({ needsSetup: true });

    const ctx = testContext(deps);
    const { me } = await createCallerFactory(appRouter)(ctx).setup.create({
      accountName: 'Acme',
      name: 'Olivia Owner',
      email: '  Olivia@Example.COM ',
      password: PASSWORD,
      locale: 'tr',
    });
    expect(me).toMatchObject({
      email: 'olivia@example.com',
      role: 'owner',
      locale: 'tr',
      accountName: 'Acme',
    });
    expect(ctx.cookies[0]).toMatch(/parley_session=\w+; Path=\/; Expires=.*; HttpOnly; SameSite=Lax/);
    expect(await anon.setup.status()).toEqual({ needsSetup: false });

    const again = await errorOf(
      anon.setup.create({
        accountName: 'Evil',
        name: 'Eve',
        email: 'eve@example.com',
        password: PASSWORD,
        locale: 'en',
      }),
    );
    expect(again).toMatchObject({ code: 'CONFLICT', appCode: 'setup.already_done' });
    expect(await deps.db.account.count()).toBe(1);
  });

  it('rejects bad input field by field and changes nothing', async () => {
    const err = await errorOf(
      callerFor(deps).setup.create({
        accountName: '',
        name: 'x',
        email: 'nope',
        password: 'short',
        locale: 'en',
      }),
    );
    expect(err.code).toBe('BAD_REQUEST');
    expect(await deps.db.user.count()).toBe(1);
  });
});

describe('login (A2)', () => {
  it('accepts the email in any letter case and sets a session cookie', async () => {
    const ctx = testContext(deps, undefined, '10.0.0.1');
    const { me } = await createCallerFactory(appRouter)(ctx).auth.login({
      email: 'OLIVIA@example.com',
      password: PASSWORD,
    });
    expect(me?.email).toBe('olivia@example.com');
    const token = tokenFromCookie(ctx.cookies[0] ?? '');
    expect(await callerFor(deps, token).auth.me()).toMatchObject({ id: me?.id });
    // Only the digest is stored.
    expect(await deps.db.session.findUnique({ where: { id: token } })).toBeNull();
    expect(await deps.db.session.findUnique({ where: { id: hashToken(token) } })).not.toBeNull();
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const wrong = await errorOf(
      callerFor(deps, undefined, '10.0.0.2').auth.login({
        email: 'olivia@example.com',
        password: 'wrong password',
      }),
    );
    const unknown = await errorOf(
      callerFor(deps, undefined, '10.0.0.2').auth.login({
        email: 'nobody@example.com',
        password: 'wrong password',
      }),
    );
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ code: 'UNAUTHORIZED', appCode: 'auth.invalid_credentials' });
  });

  it('rate-limits repeated failures per account, even from many addresses', async () => {
    const { agent } = await seedAccount(deps, 'Limited');
    for (let i = 0; i < LOGIN_LIMITS.perEmail; i++) {
      await errorOf(
        callerFor(deps, undefined, `10.1.0.${i}`).auth.login({
          email: agent.email,
          password: 'bad password',
        }),
      );
    }
    const limited = await errorOf(
      callerFor(deps, undefined, '10.1.1.1').auth.login({ email: agent.email, password: PASSWORD }),
    );
    expect(limited).toMatchObject({ code: 'TOO_MANY_REQUESTS', appCode: 'auth.rate_limited' });
  });

  it('counts each attempt before checking the password: 300 parallel guesses, at most 10 evaluated', async () => {
    const { agent } = await seedAccount(deps, 'Parallel');
    const results = await Promise.all(
      Array.from({ length: 300 }, () =>
        errorOf(callerFor(deps, undefined, '10.6.0.1').auth.login({ email: agent.email, password: 'guess' })),
      ),
    );
    const evaluated = results.filter((r) => r.appCode === 'auth.invalid_credentials').length;
    const refused = results.filter((r) => r.appCode === 'auth.rate_limited').length;
    expect(evaluated).toBeLessThanOrEqual(LOGIN_LIMITS.perEmailAndIp);
    expect(evaluated + refused).toBe(300);
    // Once over, even the right password from that client waits for the window to pass.
    const right = await errorOf(
      callerFor(deps, undefined, '10.6.0.1').auth.login({ email: agent.email, password: PASSWORD }),
    );
    expect(right.appCode).toBe('auth.rate_limited');
  });

  it("does not lock the owner out with someone else's failures; a known device passes a distributed attack", async () => {
    const { owner } = await seedAccount(deps, 'Lockout');
    // The owner logged in from their browser before: it holds a device cookie.
    const ctx = testContext(deps, undefined, '10.7.0.1');
    await createCallerFactory(appRouter)(ctx).auth.login({ email: owner.email, password: PASSWORD });
    const device = /parley_device=([^;]*)/.exec(ctx.cookies.join('\n'))?.[1];
    expect(device).toBeTruthy();
    expect(ctx.cookies.find((c) => c.startsWith('parley_device='))).toMatch(/HttpOnly/i);

    // Someone guesses from one address until refused: only that address is limited.
    for (let i = 0; i < LOGIN_LIMITS.perEmailAndIp + 2; i++)
      await errorOf(
        callerFor(deps, undefined, '203.0.113.9').auth.login({ email: owner.email, password: 'x' }),
      );
    await expect(
      callerFor(deps, undefined, '10.7.0.2').auth.login({ email: owner.email, password: PASSWORD }),
    ).resolves.toBeTruthy();

    // A botnet spreads its guesses over many addresses until the account itself is limited.
    for (let i = 0; i < LOGIN_LIMITS.perEmail + 1; i++)
      await errorOf(
        callerFor(deps, undefined, `198.18.${i >> 8}.${i & 255}`).auth.login({
          email: owner.email,
          password: 'x',
        }),
      );
    const fresh = await errorOf(
      callerFor(deps, undefined, '10.7.0.3').auth.login({ email: owner.email, password: PASSWORD }),
    );
    expect(fresh.appCode).toBe('auth.rate_limited');
    // The owner's usual browser still gets in, and a forged device cookie counts for nothing.
    const known = testContext(deps, undefined, '10.7.0.4', undefined, device);
    await expect(
      createCallerFactory(appRouter)(known).auth.login({ email: owner.email, password: PASSWORD }),
    ).resolves.toBeTruthy();
    const forged = testContext(deps, undefined, '10.7.0.5', undefined, `${device?.split('.')[0]}.forged`);
    expect(
      (
        await errorOf(
          createCallerFactory(appRouter)(forged).auth.login({ email: owner.email, password: PASSWORD }),
        )
      ).appCode,
    ).toBe('auth.rate_limited');
  });

  it('slows repeated failures down progressively', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(loginDelayMs)).toEqual([
      0, 0, 0, 50, 100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('rate-limits repeated failures per IP address across emails', async () => {
    for (let i = 0; i < LOGIN_LIMITS.perIp; i++) {
      await errorOf(
        callerFor(deps, undefined, '10.2.0.1').auth.login({
          email: `x${i}@spray.test`,
          password: 'bad password',
        }),
      );
    }
    const limited = await errorOf(
      callerFor(deps, undefined, '10.2.0.1').auth.login({ email: 'olivia@example.com', password: PASSWORD }),
    );
    expect(limited.appCode).toBe('auth.rate_limited');
    // Another address is unaffected.
    await expect(
      callerFor(deps, undefined, '10.2.0.2').auth.login({ email: 'olivia@example.com', password: PASSWORD }),
    ).resolves.toBeTruthy();
  });

  it('refuses a disabled agent', async () => {
    const { agent } = await seedAccount(deps, 'Disabled');
    await deps.db.user.update({ where: { id: agent.id }, data: { disabledAt: new Date() } });
    expect(await callerFor(deps, agent.token).auth.me()).toBeNull();
    const err = await errorOf(
      callerFor(deps, undefined, '10.3.0.1').auth.login({ email: agent.email, password: PASSWORD }),
    );
    expect(err.appCode).toBe('auth.disabled');
  });
});

describe('sessions (A2, A5)', () => {
  it('lists my sessions, revokes one, and logs out', async () => {
    const { agent } = await seedAccount(deps, 'Sessions');
    const second = await callerFor(deps, undefined, '10.4.0.1').auth.login({
      email: agent.email,
      password: PASSWORD,
    });
    expect(second.me?.id).toBe(agent.id);
    const sessions = await callerFor(deps, agent.token).sessions.list();
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const other = sessions.find((s) => !s.current)!;
    await callerFor(deps, agent.token).sessions.revoke({ id: other.id });
    expect(await callerFor(deps, agent.token).sessions.list()).toHaveLength(1);

    const ctx = testContext(deps, agent.token);
    await createCallerFactory(appRouter)(ctx).auth.logout();
    expect(ctx.cookies[0]).toMatch(/parley_session=; .*Max-Age=0/);
    expect(await callerFor(deps, agent.token).auth.me()).toBeNull();
  });

  it('slides the expiry forward when a session is used in its second half, and drops expired ones', async () => {
    const { agent, admin } = await seedAccount(deps, 'Sliding');
    const id = hashToken(agent.token);
    await deps.db.session.update({
      where: { id },
      data: { expiresAt: new Date(Date.now() + 5 * 86_400_000) },
    });
    const valid = await validateSessionToken(deps.db, agent.token);
    expect(valid?.renewed).toBe(true);
    expect(valid!.expiresAt.getTime()).toBeGreaterThan(Date.now() + SESSION_TTL_MS - 60_000);

    await deps.db.session.update({
      where: { id: hashToken(admin.token) },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect(await validateSessionToken(deps.db, admin.token)).toBeNull();
    expect(await deps.db.session.findUnique({ where: { id: hashToken(admin.token) } })).toBeNull();
  });

  it('changing the password ends my other sessions but keeps this one', async () => {
    const { agent } = await seedAccount(deps, 'Password');
    const other = await callerFor(deps, undefined, '10.5.0.1').auth.login({
      email: agent.email,
      password: PASSWORD,
    });
    expect(other).toBeTruthy();
    const wrong = await errorOf(
      callerFor(deps, agent.token).account.changePassword({
        currentPassword: 'nope nope',
        newPassword: 'new password 1',
      }),
    );
    expect(wrong.appCode).toBe('password.wrong');
    const result = await callerFor(deps, agent.token).account.changePassword({
      currentPassword: PASSWORD,
      newPassword: 'new password 1',
    });
    expect(result.revokedSessions).toBe(1);
    expect(await callerFor(deps, agent.token).sessions.list()).toHaveLength(1);
    await expect(
      callerFor(deps, undefined, '10.5.0.2').auth.login({ email: agent.email, password: 'new password 1' }),
    ).resolves.toBeTruthy();
  });
});

describe('my account (A5, A6, J3)', () => {
  it('updates name, preferences and email; a taken email is refused', async () => {
    const { agent, admin } = await seedAccount(deps, 'Profile');
    const me = callerFor(deps, agent.token);
    expect((await me.account.updateProfile({ name: 'Ayşe' })).me.name).toBe('Ayşe');
    const prefs = await me.account.updatePreferences({
      locale: 'tr',
      theme: 'light',
      autoAwayMinutes: null,
      notificationType: 'os',
    });
    expect(prefs.me).toMatchObject({
      locale: 'tr',
      theme: 'light',
      autoAwayMinutes: null,
      notificationType: 'os',
    });
    const taken = await errorOf(
      me.account.changeEmail({ newEmail: admin.email.toUpperCase(), password: PASSWORD }),
    );
    expect(taken).toMatchObject({ code: 'CONFLICT', appCode: 'email.taken' });
    const changed = await me.account.changeEmail({ newEmail: 'Ayse@Profile.test', password: PASSWORD });
    expect(changed.me.email).toBe('ayse@profile.test');
    const bad = await errorOf(me.account.updatePreferences({ locale: 'de' as 'en' }));
    expect(bad.code).toBe('BAD_REQUEST');
  });

  it('keeps a display name per channel of my account only', async () => {
    const { agent, account } = await seedAccount(deps, 'Display');
    const other = await seedAccount(deps, 'Elsewhere');
    const channel = await deps.db.channel.create({
      data: { accountId: account.id, kind: 'website', name: 'Shop', publicKey: 'pk_display' },
    });
    const foreign = await deps.db.channel.create({
      data: { accountId: other.account.id, kind: 'website', name: 'Theirs', publicKey: 'pk_foreign' },
    });
    const me = callerFor(deps, agent.token);
    await me.account.setDisplayName({ channelId: channel.id, displayName: 'Ayşe from Shop' });
    expect(await me.account.displayNames()).toEqual([
      { channelId: channel.id, channelName: 'Shop', displayName: 'Ayşe from Shop' },
    ]);
    const err = await errorOf(me.account.setDisplayName({ channelId: foreign.id, displayName: 'x' }));
    expect(err.code).toBe('NOT_FOUND');
    await me.account.setDisplayName({ channelId: channel.id, displayName: null });
    expect((await me.account.displayNames())[0]?.displayName).toBeNull();
  });
});
