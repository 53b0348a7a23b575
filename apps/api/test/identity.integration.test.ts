// Many accounts on one server, the identity part (issue 19): one address in several accounts, the
// account picker, switching only among the users one sign-in proved (and the attack of an account
// made with someone else's address), public sign-up (SIGNUP=open|invite|closed) and the email
// confirmation. Real database (SQLite, or PostgreSQL with DATABASE_URL), a real SMTP server on loopback.

import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { isUniqueViolation } from '@parley/db';
import { startFakeSmtp } from '@parley/integrations/testing/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/password';
import { createSession } from '../src/domain/sessions';
import { SIGNUP_LIMITS } from '../src/domain/sign-in/signup';
import { deleteUnconfirmedSignups, UNCONFIRMED_SIGNUP_DAYS } from '../src/domain/sign-in/unconfirmed-signups';
import { createSmtpMailer } from '../src/mail/mailer';
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

const sessionOf = (cookies: string[]) =>
  /parley_session=([^;]+)/.exec(cookies.findLast((c) => c.startsWith('parley_session=')) ?? '')?.[1] ?? '';
const codeFor = (secret: string) => generateTOTP(decodeBase32IgnorePadding(secret), 30, 6);
const verifyTokenOf = (text: string) => /\/verify-email\/([a-z2-7]+)/.exec(text)?.[1] ?? '';

/** A caller whose cookies the test can read (login sets the session cookie). */
function cookieCaller(deps: TestDeps, token?: string, ip = '127.0.0.1') {
  const ctx = testContext(deps, token, ip);
  return { ctx, caller: createCallerFactory(appRouter)(ctx) };
}

/** A user with this address and password in an account of its own. */
async function userIn(deps: TestDeps, accountName: string, email: string, password: string) {
  const account = await deps.db.account.create({ data: { name: accountName } });
  const user = await deps.db.user.create({
    data: {
      accountId: account.id,
      email,
      name: `${accountName} user`,
      passwordHash: await hashPassword(password),
    },
  });
  return { account, user };
}

describe('one address in several accounts', () => {
  let deps: TestDeps;
  let alpha: Awaited<ReturnType<typeof seedAccount>>;
  let beta: Awaited<ReturnType<typeof userIn>>;
  beforeAll(async () => {
    deps = await createTestDeps();
    alpha = await seedAccount(deps, 'Alpha');
    // Alpha's agent joins Beta by invitation with the same password: the same person.
    const betaOwner = await seedAccount(deps, 'Beta');
    const invite = await callerFor(deps, betaOwner.owner.token).invitations.create({
      email: alpha.agent.email,
      role: 'agent',
    });
    const token = /\/invite\/([a-z2-7]+)/.exec(invite.link ?? '')?.[1] ?? '';
    await callerFor(deps).invitations.accept({ token, name: 'Agent in Beta', password: PASSWORD });
    beta = {
      account: betaOwner.account,
      user: await deps.db.user.findFirstOrThrow({
        where: { accountId: betaOwner.account.id, email: alpha.agent.email },
      }),
    };
  });
  afterAll(() => deps.cleanup());

  it('keeps emails unique per account, not per server', async () => {
    expect(await deps.db.user.count({ where: { email: alpha.agent.email } })).toBe(2);
    const dup = await deps.db.user
      .create({
        data: { accountId: alpha.account.id, email: alpha.agent.email, name: 'x', passwordHash: 'h' },
      })
      .catch((err: unknown) => err);
    expect(isUniqueViolation(dup)).toBe(true);
    // An admin cannot invite an address already in their own team.
    expect(
      (
        await errorOf(
          callerFor(deps, alpha.owner.token).invitations.create({ email: alpha.agent.email, role: 'agent' }),
        )
      ).appCode,
    ).toBe('email.taken');
  });

  it('a wrong password gets the same answer for no, one or several accounts', async () => {
    const answers = await Promise.all(
      ['nobody@nowhere.test', alpha.owner.email, alpha.agent.email].map(async (email) =>
        errorOf(callerFor(deps, undefined, '192.0.2.10').auth.login({ email, password: 'wrong password' })),
      ),
    );
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]?.appCode).toBe('auth.invalid_credentials');
  });

  it('shows the account picker when the password unlocks several accounts; the ticket works once', async () => {
    const { ctx, caller } = cookieCaller(deps);
    const result = await caller.auth.login({ email: alpha.agent.email, password: PASSWORD });
    expect(result.me).toBeUndefined();
    expect(ctx.cookies).toEqual([]);
    expect(result.choose?.accounts.map((a) => a.accountName).sort()).toEqual(['Alpha', 'Beta']);
    const ticket = result.choose?.ticket ?? '';
    // An account not in the ticket: not found, and the ticket is spent all the same.
    expect((await errorOf(caller.auth.chooseAccount({ ticket, accountId: 'not-an-account' }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await errorOf(caller.auth.chooseAccount({ ticket, accountId: beta.account.id }))).appCode).toBe(
      'auth.choice_expired',
    );

    const again = await caller.auth.login({ email: alpha.agent.email, password: PASSWORD });
    const chosen = await caller.auth.chooseAccount({
      ticket: again.choose?.ticket ?? '',
      accountId: beta.account.id,
    });
    expect(chosen.me).toMatchObject({ accountId: beta.account.id, id: beta.user.id });
    const me = await callerFor(deps, sessionOf(ctx.cookies)).auth.me();
    expect(me?.accountId).toBe(beta.account.id);
  });

  it('switches among the accounts the sign-in proved, and back; the old session ends', async () => {
    const { ctx, caller } = cookieCaller(deps);
    const login = await caller.auth.login({ email: alpha.agent.email, password: PASSWORD });
    await caller.auth.chooseAccount({ ticket: login.choose?.ticket ?? '', accountId: alpha.account.id });
    const inAlpha = sessionOf(ctx.cookies);
    expect(await callerFor(deps, inAlpha).auth.linkedAccounts()).toEqual({
      accounts: [{ accountId: beta.account.id, accountName: 'Beta', role: 'agent' }],
    });
    const switcher = cookieCaller(deps, inAlpha);
    const switched = await switcher.caller.auth.switchAccount({ accountId: beta.account.id });
    expect(switched.me).toMatchObject({ accountId: beta.account.id, id: beta.user.id });
    const inBeta = sessionOf(switcher.ctx.cookies);
    expect(await callerFor(deps, inAlpha).auth.me()).toBeNull();
    expect(await callerFor(deps, inBeta).auth.linkedAccounts()).toEqual({
      accounts: [{ accountId: alpha.account.id, accountName: 'Alpha', role: 'agent' }],
    });
    const back = cookieCaller(deps, inBeta);
    expect((await back.caller.auth.switchAccount({ accountId: alpha.account.id })).me.id).toBe(
      alpha.agent.id,
    );
    expect((await callerFor(deps, sessionOf(back.ctx.cookies)).auth.me())?.accountId).toBe(alpha.account.id);
  });

  it('never offers a suspended account: not in the picker nor the switcher, back once lifted', async () => {
    const suspend = (id: string, on: boolean) =>
      deps.db.account.update({
        where: { id },
        data: on
          ? { suspendedAt: new Date(), suspendedReason: 'Unpaid' }
          : { suspendedAt: null, suspendedReason: null },
      });
    await suspend(beta.account.id, true);
    try {
      // Only Alpha is left: no picker, straight in; the switcher lists nothing.
      const { ctx, caller } = cookieCaller(deps);
      const result = await caller.auth.login({ email: alpha.agent.email, password: PASSWORD });
      expect(result.choose).toBeUndefined();
      expect(result.me?.accountId).toBe(alpha.account.id);
      expect(await callerFor(deps, sessionOf(ctx.cookies)).auth.linkedAccounts()).toEqual({ accounts: [] });
      // Both suspended: sign-in says why instead of offering accounts that refuse.
      await suspend(alpha.account.id, true);
      const refused = await errorOf(
        cookieCaller(deps).caller.auth.login({ email: alpha.agent.email, password: PASSWORD }),
      );
      expect(refused.appCode).toBe('account.suspended');
      await suspend(alpha.account.id, false);
      // Lifted: the session's proven set still holds Beta.
      await suspend(beta.account.id, false);
      expect(await callerFor(deps, sessionOf(ctx.cookies)).auth.linkedAccounts()).toEqual({
        accounts: [{ accountId: beta.account.id, accountName: 'Beta', role: 'agent' }],
      });
    } finally {
      await suspend(alpha.account.id, false);
      await suspend(beta.account.id, false);
    }
  });

  it('a password that unlocks one account signs straight in and links nothing else', async () => {
    await deps.db.user.update({
      where: { id: beta.user.id },
      data: { passwordHash: await hashPassword('beta only password') },
    });
    const { ctx, caller } = cookieCaller(deps);
    const result = await caller.auth.login({ email: alpha.agent.email, password: 'beta only password' });
    expect(result.me?.accountId).toBe(beta.account.id);
    const session = sessionOf(ctx.cookies);
    expect(await callerFor(deps, session).auth.linkedAccounts()).toEqual({ accounts: [] });
    expect(
      (await errorOf(callerFor(deps, session).auth.switchAccount({ accountId: alpha.account.id }))).code,
    ).toBe('NOT_FOUND');
  });

  it('a password changed since the sign-in, a disabled user or an owed second factor stop switching', async () => {
    await deps.db.user.update({
      where: { id: beta.user.id },
      data: { passwordHash: await hashPassword(PASSWORD) },
    });
    const signIn = async () => {
      const { ctx, caller } = cookieCaller(deps);
      const login = await caller.auth.login({ email: alpha.agent.email, password: PASSWORD });
      await caller.auth.chooseAccount({ ticket: login.choose?.ticket ?? '', accountId: alpha.account.id });
      return sessionOf(ctx.cookies);
    };
    const refused = async (session: string) =>
      (await errorOf(callerFor(deps, session).auth.switchAccount({ accountId: beta.account.id }))).code;

    let session = await signIn();
    await deps.db.user.update({
      where: { id: beta.user.id },
      data: { passwordHash: await hashPassword('reset by beta') },
    });
    expect(await callerFor(deps, session).auth.linkedAccounts()).toEqual({ accounts: [] });
    expect(await refused(session)).toBe('NOT_FOUND');

    await deps.db.user.update({
      where: { id: beta.user.id },
      data: { passwordHash: await hashPassword(PASSWORD) },
    });
    session = await signIn();
    await deps.db.user.update({ where: { id: beta.user.id }, data: { disabledAt: new Date() } });
    expect(await refused(session)).toBe('NOT_FOUND');
    await deps.db.user.update({ where: { id: beta.user.id }, data: { disabledAt: null } });

    session = await signIn();
    await deps.db.user.update({ where: { id: beta.user.id }, data: { totpEnabledAt: new Date() } });
    expect(await refused(session)).toBe('NOT_FOUND');
    await deps.db.user.update({ where: { id: beta.user.id }, data: { totpEnabledAt: null } });
  });

  it('an account joined after the sign-in needs a fresh sign-in', async () => {
    const { ctx, caller } = cookieCaller(deps);
    const login = await caller.auth.login({ email: alpha.agent.email, password: PASSWORD });
    await caller.auth.chooseAccount({ ticket: login.choose?.ticket ?? '', accountId: alpha.account.id });
    const session = sessionOf(ctx.cookies);
    const gamma = await userIn(deps, 'Gamma', alpha.agent.email, PASSWORD);
    expect((await callerFor(deps, session).auth.linkedAccounts()).accounts.map((a) => a.accountName)).toEqual(
      ['Beta'],
    );
    expect(
      (await errorOf(callerFor(deps, session).auth.switchAccount({ accountId: gamma.account.id }))).code,
    ).toBe('NOT_FOUND');
    await deps.db.account.delete({ where: { id: gamma.account.id } });
  });

  it('the picker keeps two-factor sign-in: the chosen user’s code, then switching back to it needs none', async () => {
    const betaSession = (await createSession(deps.db, beta.user, { ip: '127.0.0.1', userAgent: 'vitest' }))
      .token;
    const started = await callerFor(deps, betaSession).security.startTotp();
    await callerFor(deps, betaSession).security.confirmTotp({ code: codeFor(started.secret) });
    try {
      const { ctx, caller } = cookieCaller(deps, undefined, '192.0.2.70');
      const login = await caller.auth.login({ email: alpha.agent.email, password: PASSWORD });
      // Without Beta's code, Alpha is reachable but Beta is not (its second factor is owed).
      const viaAlpha = cookieCaller(deps);
      const again = await viaAlpha.caller.auth.login({ email: alpha.agent.email, password: PASSWORD });
      await viaAlpha.caller.auth.chooseAccount({
        ticket: again.choose?.ticket ?? '',
        accountId: alpha.account.id,
      });
      const inAlpha = sessionOf(viaAlpha.ctx.cookies);
      expect(await callerFor(deps, inAlpha).auth.linkedAccounts()).toEqual({ accounts: [] });
      expect(
        (await errorOf(callerFor(deps, inAlpha).auth.switchAccount({ accountId: beta.account.id }))).code,
      ).toBe('NOT_FOUND');

      const chosen = await caller.auth.chooseAccount({
        ticket: login.choose?.ticket ?? '',
        accountId: beta.account.id,
      });
      expect(chosen.me).toBeUndefined();
      expect(ctx.cookies).toEqual([]);
      // Wait for the next TOTP step: the enrolment spent this one.
      await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 50));
      await caller.auth.verifyTwoFactor({
        challenge: chosen.twoFactor?.challenge ?? '',
        code: codeFor(started.secret),
      });
      const inBeta = sessionOf(ctx.cookies);
      expect((await callerFor(deps, inBeta).auth.me())?.accountId).toBe(beta.account.id);
      const toAlpha = cookieCaller(deps, inBeta);
      await toAlpha.caller.auth.switchAccount({ accountId: alpha.account.id });
      // Back to Beta: its code was given in this sign-in.
      const back = await callerFor(deps, sessionOf(toAlpha.ctx.cookies)).auth.switchAccount({
        accountId: beta.account.id,
      });
      expect(back.me.accountId).toBe(beta.account.id);
    } finally {
      await deps.db.user.update({
        where: { id: beta.user.id },
        data: { totpEnabledAt: null, totpKey: null, totpLastStep: null },
      });
    }
  }, 60_000);

  it('refuses the attack: an account made with the victim’s address never switches into the victim’s', async () => {
    // The attacker owns an account of their own and gives it a user with the victim's address and a
    // password the attacker knows (what public sign-up or any admin can do).
    const evil = await userIn(deps, 'Evil', alpha.owner.email, 'the attacker password');
    const { ctx, caller } = cookieCaller(deps, undefined, '192.0.2.66');
    const result = await caller.auth.login({ email: alpha.owner.email, password: 'the attacker password' });
    expect(result.choose).toBeUndefined();
    expect(result.me?.accountId).toBe(evil.account.id);
    const attacker = sessionOf(ctx.cookies);
    expect(await callerFor(deps, attacker).auth.linkedAccounts()).toEqual({ accounts: [] });
    expect(
      (await errorOf(callerFor(deps, attacker).auth.switchAccount({ accountId: alpha.account.id }))).code,
    ).toBe('NOT_FOUND');
    // Nor with a hand-made session row naming the victim's user (the entry's MAC needs the hash).
    const row = await deps.db.session.findFirstOrThrow({ where: { userId: evil.user.id } });
    await deps.db.session.update({
      where: { id: row.id },
      data: { linkedUsers: `${alpha.owner.id}.f.AAAAAAAAAAAAAAAAAAAAAA` },
    });
    expect(
      (await errorOf(callerFor(deps, attacker).auth.switchAccount({ accountId: alpha.account.id }))).code,
    ).toBe('NOT_FOUND');
    // The victim's own sign-in is not linked to the attacker's account either.
    const victim = cookieCaller(deps);
    const own = await victim.caller.auth.login({ email: alpha.owner.email, password: PASSWORD });
    expect(own.me?.accountId).toBe(alpha.account.id);
    expect(await callerFor(deps, sessionOf(victim.ctx.cookies)).auth.linkedAccounts()).toEqual({
      accounts: [],
    });
    expect(
      await deps.db.session.count({ where: { accountId: alpha.account.id, userId: alpha.owner.id } }),
    ).toBe(2);
  });
});

describe('forgot password for an address in several accounts', () => {
  let deps: TestDeps;
  let smtp: Awaited<ReturnType<typeof startFakeSmtp>>;
  beforeAll(async () => {
    smtp = await startFakeSmtp();
    deps = await createTestDeps({
      mailer: createSmtpMailer(`smtp://${smtp.host}:${smtp.port}`, 'Parley <a@b.test>'),
    });
  });
  afterAll(async () => {
    await deps.cleanup();
    await smtp.close();
  });

  it('mails one link per account, each resetting that account only', async () => {
    const one = await userIn(deps, 'One', 'shared@example.test', 'first password');
    const two = await userIn(deps, 'Two', 'shared@example.test', 'second password');
    await callerFor(deps, undefined, '192.0.2.20').auth.requestPasswordReset({
      email: 'shared@example.test',
    });
    const [mail] = await smtp.waitForMail(1);
    const links = [...(mail?.parsed.text ?? '').matchAll(/^(One|Two): \S+\/reset-password\/([a-z2-7]+)$/gm)];
    expect(links.map((l) => l[1])).toEqual(['One', 'Two']);
    await callerFor(deps).auth.resetPassword({
      token: links[1]?.[2] ?? '',
      password: 'a new second password',
    });
    const login = (password: string) =>
      callerFor(deps, undefined, '192.0.2.21').auth.login({ email: 'shared@example.test', password });
    expect((await login('first password')).me?.accountId).toBe(one.account.id);
    expect((await login('a new second password')).me?.accountId).toBe(two.account.id);
  });
});

describe('public sign-up', () => {
  let smtp: Awaited<ReturnType<typeof startFakeSmtp>>;
  const made: TestDeps[] = [];
  const depsWith = async (env: Record<string, string>, withMail = true) => {
    const deps = await createTestDeps({
      env,
      ...(withMail
        ? { mailer: createSmtpMailer(`smtp://${smtp.host}:${smtp.port}`, 'Parley <a@b.test>') }
        : {}),
    });
    made.push(deps);
    await seedAccount(deps, 'First'); // setup is done
    return deps;
  };
  const form = (over: Record<string, string> = {}) => ({
    accountName: 'Newco',
    name: 'Nia New',
    email: 'nia@newco.test',
    password: 'a long enough password',
    locale: 'en' as const,
    ...over,
  });
  beforeAll(async () => {
    smtp = await startFakeSmtp();
  });
  afterAll(async () => {
    for (const deps of made) await deps.cleanup();
    await smtp.close();
  });

  it('is closed by default, and without mail', async () => {
    const closed = await depsWith({});
    expect(await callerFor(closed).signup.status()).toEqual({ mode: 'closed' });
    expect((await errorOf(callerFor(closed).signup.create(form()))).appCode).toBe('signup.closed');
    const noMail = await depsWith({ SIGNUP: 'open' }, false);
    expect(await callerFor(noMail).signup.status()).toEqual({ mode: 'closed' });
    expect(await closed.db.account.count()).toBe(1);
  });

  it('open: confirms the address by a single-use link before anyone can sign in', async () => {
    const deps = await depsWith({ SIGNUP: 'open' });
    smtp.received.length = 0;
    const anon = callerFor(deps, undefined, '192.0.2.30');
    expect(await anon.signup.status()).toEqual({ mode: 'open' });
    expect(await anon.signup.create(form({ locale: 'tr' }))).toEqual({ ok: true });
    const [mail] = await smtp.waitForMail(1);
    expect(mail?.to).toEqual(['nia@newco.test']);
    expect(mail?.parsed.subject).toBe('Parley için e-posta adresinizi doğrulayın');
    const token = verifyTokenOf(mail?.parsed.text ?? '');
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    const login = () =>
      errorOf(anon.auth.login({ email: 'nia@newco.test', password: 'a long enough password' }));
    expect((await login()).appCode).toBe('auth.email_unverified');
    // A wrong password still hears only "wrong email or password".
    expect(
      (await errorOf(anon.auth.login({ email: 'nia@newco.test', password: 'not the password' }))).appCode,
    ).toBe('auth.invalid_credentials');
    expect(await anon.signup.verify({ token })).toEqual({
      ok: true,
      email: 'nia@newco.test',
      accountName: 'Newco',
    });
    expect((await errorOf(anon.signup.verify({ token }))).appCode).toBe('signup.link_invalid');
    const me = (await anon.auth.login({ email: 'nia@newco.test', password: 'a long enough password' })).me;
    expect(me).toMatchObject({ accountName: 'Newco', role: 'owner', name: 'Nia New' });
  });

  it('an expired link is refused; "send again" makes a new one and kills the old', async () => {
    const deps = await depsWith({ SIGNUP: 'open' });
    smtp.received.length = 0;
    const anon = callerFor(deps, undefined, '192.0.2.31');
    await anon.signup.create(form({ email: 'late@newco.test' }));
    const first = verifyTokenOf((await smtp.waitForMail(1))[0]?.parsed.text ?? '');
    await deps.db.emailVerification.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await errorOf(anon.signup.verify({ token: first }))).appCode).toBe('signup.link_invalid');
    expect(await anon.signup.resend({ email: 'late@newco.test' })).toEqual({ ok: true });
    expect(await anon.signup.resend({ email: 'nobody@newco.test' })).toEqual({ ok: true });
    const second = verifyTokenOf((await smtp.waitForMail(2))[1]?.parsed.text ?? '');
    expect(second).not.toBe(first);
    expect((await anon.signup.verify({ token: second })).ok).toBe(true);
    expect(smtp.received).toHaveLength(2);
  });

  it(`deletes sign-ups left unconfirmed for ${UNCONFIRMED_SIGNUP_DAYS} days, and nothing else`, async () => {
    const deps = await depsWith({ SIGNUP: 'open' });
    smtp.received.length = 0;
    const anon = callerFor(deps, undefined, '192.0.2.32');
    for (const [accountName, email] of [
      ['Abandoned', 'gone@newco.test'],
      ['Confirmed late', 'kept@newco.test'],
      ['Recent', 'fresh@newco.test'],
    ] as const)
      await anon.signup.create(form({ accountName, email }));
    const mails = await smtp.waitForMail(3);
    const kept = mails.find((m) => m.to.includes('kept@newco.test'));
    await anon.signup.verify({ token: verifyTokenOf(kept?.parsed.text ?? '') });
    const old = new Date(Date.now() - (UNCONFIRMED_SIGNUP_DAYS * 24 + 1) * 60 * 60 * 1000);
    // Made long ago: the abandoned one, the one confirmed since, and the setup account ("First").
    await deps.systemDb.account.updateMany({
      where: { name: { in: ['Abandoned', 'Confirmed late', 'First'] } },
      data: { createdAt: old },
    });
    const logger = { info: () => {} };
    expect(await deleteUnconfirmedSignups(deps.systemDb, logger)).toEqual({ deleted: 1 });
    const names = (await deps.systemDb.account.findMany({ select: { name: true } })).map((a) => a.name);
    expect(names.sort()).toEqual(['Confirmed late', 'First', 'Recent']);
    // Its owner, links and audit lines went with it.
    expect(await deps.systemDb.user.count({ where: { email: 'gone@newco.test' } })).toBe(0);
    expect(
      await deps.systemDb.emailVerification.count({ where: { user: { email: 'gone@newco.test' } } }),
    ).toBe(0);
    // The next run finds nothing; "Recent" goes only once it is as old.
    expect(await deleteUnconfirmedSignups(deps.systemDb, logger)).toEqual({ deleted: 0 });
    const later = new Date(Date.now() + (UNCONFIRMED_SIGNUP_DAYS * 24 + 1) * 60 * 60 * 1000);
    expect(await deleteUnconfirmedSignups(deps.systemDb, logger, later)).toEqual({ deleted: 1 });
    expect(await deps.systemDb.account.count({ where: { name: 'Recent' } })).toBe(0);
  });

  it('invite: needs one of the codes; bad input creates nothing; sign-ups are limited per address', async () => {
    const deps = await depsWith({ SIGNUP: 'invite', SIGNUP_INVITE_CODES: 'spring-2027,partners-x1' });
    const anon = callerFor(deps, undefined, '192.0.2.40');
    expect(await anon.signup.status()).toEqual({ mode: 'invite' });
    expect((await errorOf(anon.signup.create(form()))).appCode).toBe('signup.invite_invalid');
    expect((await errorOf(anon.signup.create(form({ inviteCode: 'spring-2028' })))).appCode).toBe(
      'signup.invite_invalid',
    );
    const bad = await errorOf(
      anon.signup.create(form({ email: 'not an email', password: 'short', inviteCode: 'x' })),
    );
    expect(bad.code).toBe('BAD_REQUEST');
    expect(await deps.db.account.count()).toBe(1);
    const ok = callerFor(deps, undefined, '192.0.2.41');
    expect(await ok.signup.create(form({ inviteCode: 'partners-x1' }))).toEqual({ ok: true });
    expect(await deps.db.account.count()).toBe(2);
    for (let i = 1; i < SIGNUP_LIMITS.perIp; i++) await ok.signup.create(form({ inviteCode: 'partners-x1' }));
    expect((await errorOf(ok.signup.create(form({ inviteCode: 'partners-x1' })))).appCode).toBe(
      'auth.rate_limited',
    );
    expect(await deps.db.account.count()).toBe(1 + SIGNUP_LIMITS.perIp);
  });

  it('a sign-up with an address used elsewhere makes a separate, unlinked user', async () => {
    const deps = await depsWith({ SIGNUP: 'open' });
    const victim = await deps.db.user.findFirstOrThrow({ where: { role: 'owner' } });
    smtp.received.length = 0;
    await callerFor(deps, undefined, '192.0.2.50').signup.create(
      form({ email: victim.email, password: 'attacker password 1' }),
    );
    const token = verifyTokenOf((await smtp.waitForMail(1))[0]?.parsed.text ?? '');
    await callerFor(deps).signup.verify({ token });
    const { ctx, caller } = cookieCaller(deps, undefined, '192.0.2.51');
    const result = await caller.auth.login({ email: victim.email, password: 'attacker password 1' });
    expect(result.me?.accountName).toBe('Newco');
    const session = sessionOf(ctx.cookies);
    expect(await callerFor(deps, session).auth.linkedAccounts()).toEqual({ accounts: [] });
    expect(
      (await errorOf(callerFor(deps, session).auth.switchAccount({ accountId: victim.accountId }))).code,
    ).toBe('NOT_FOUND');
  });
});
