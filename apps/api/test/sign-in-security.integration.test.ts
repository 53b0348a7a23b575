// A2, A5: forgot password, admin-issued reset links, two-factor sign-in (TOTP + recovery codes),
// enforcement. Real database (SQLite, or PostgreSQL with DATABASE_URL), a real SMTP server on loopback.
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { startFakeSmtp } from '@parley/integrations/testing/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/tokens';
import { relyingParty } from '../src/domain/sign-in/passkeys';
import { RESET_LIMITS } from '../src/domain/sign-in/password-reset';
import { CODE_LIMIT } from '../src/domain/sign-in/two-factor';
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

const NEW_PASSWORD = 'a brand new password';
const tokenOfLink = (text: string) => /\/reset-password\/([a-z2-7]+)/.exec(text)?.[1] ?? '';
const sessionOf = (cookies: string[]) =>
  /parley_session=([^;]+)/.exec(cookies.find((c) => c.startsWith('parley_session=')) ?? '')?.[1] ?? '';
const codeFor = (secret: string) => generateTOTP(decodeBase32IgnorePadding(secret), 30, 6);

describe('forgot password with SMTP (A2)', () => {
  let deps: TestDeps;
  let smtp: Awaited<ReturnType<typeof startFakeSmtp>>;
  let seeded: Awaited<ReturnType<typeof seedAccount>>;
  beforeAll(async () => {
    smtp = await startFakeSmtp();
    deps = await createTestDeps({
      mailer: createSmtpMailer(`smtp://${smtp.host}:${smtp.port}`, 'Parley <no-reply@acme.test>'),
    });
    seeded = await seedAccount(deps);
  });
  afterAll(async () => {
    await deps.cleanup();
    await smtp.close();
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const anon = callerFor(deps, undefined, '192.0.2.1');
    expect(await anon.auth.requestPasswordReset({ email: 'nobody@nowhere.test' })).toEqual({ ok: true });
    expect(await anon.auth.requestPasswordReset({ email: seeded.agent.email })).toEqual({ ok: true });
    const [mail] = await smtp.waitForMail(1);
    expect(mail?.to).toEqual([seeded.agent.email]);
    expect(smtp.received).toHaveLength(1);
    expect(await deps.db.passwordReset.count()).toBe(1);
  });

  it('mails a single-use link in the user language; the reset ends every session', async () => {
    await deps.db.user.update({ where: { id: seeded.admin.id }, data: { locale: 'tr' } });
    smtp.received.length = 0;
    await callerFor(deps, undefined, '192.0.2.2').auth.requestPasswordReset({ email: seeded.admin.email });
    const [mail] = await smtp.waitForMail(1);
    expect(mail?.parsed.subject).toBe('Parley parolanızı sıfırlayın');
    expect(mail?.parsed.text).toContain('30 dakika');
    expect(mail?.parsed.html).toContain('href="http://localhost:3000/reset-password/');
    const token = tokenOfLink(mail?.parsed.text ?? '');
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    // Only the digest is stored.
    expect(await deps.db.passwordReset.findFirst({ where: { tokenHash: token } })).toBeNull();
    expect(await deps.db.passwordReset.findFirst({ where: { tokenHash: hashToken(token) } })).not.toBeNull();

    expect(await callerFor(deps, seeded.admin.token).auth.me()).not.toBeNull();
    const anon = callerFor(deps);
    expect(await anon.auth.resetPassword({ token, password: NEW_PASSWORD })).toEqual({ ok: true });
    expect(await callerFor(deps, seeded.admin.token).auth.me()).toBeNull();
    expect(await deps.db.session.count({ where: { userId: seeded.admin.id } })).toBe(0);
    expect((await errorOf(anon.auth.resetPassword({ token, password: 'yet another one' }))).appCode).toBe(
      'password_reset.invalid',
    );
    expect(await anon.auth.login({ email: seeded.admin.email, password: NEW_PASSWORD })).toHaveProperty('me');
    expect(
      await deps.db.auditEvent.count({ where: { action: 'user.password_reset', targetId: seeded.admin.id } }),
    ).toBe(1);
  });

  it('refuses an expired link', async () => {
    smtp.received.length = 0;
    await callerFor(deps, undefined, '192.0.2.3').auth.requestPasswordReset({ email: seeded.owner.email });
    const [mail] = await smtp.waitForMail(1);
    const token = tokenOfLink(mail?.parsed.text ?? '');
    // No clock in deps: the row is moved past its expiry instead of waiting 30 minutes.
    await deps.db.passwordReset.update({
      where: { tokenHash: hashToken(token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const err = await errorOf(callerFor(deps).auth.resetPassword({ token, password: NEW_PASSWORD }));
    expect(err.appCode).toBe('password_reset.invalid');
    expect(await callerFor(deps, seeded.owner.token).auth.me()).not.toBeNull();
  });

  it('limits requests per address and per client address, known or not', async () => {
    const email = 'limited@nowhere.test';
    for (let i = 0; i < RESET_LIMITS.perEmail; i++)
      await callerFor(deps, undefined, `198.51.100.${i}`).auth.requestPasswordReset({ email });
    const err = await errorOf(
      callerFor(deps, undefined, '198.51.100.99').auth.requestPasswordReset({ email }),
    );
    expect(err).toMatchObject({ code: 'TOO_MANY_REQUESTS', appCode: 'auth.rate_limited' });
    const ip = '203.0.113.50';
    for (let i = 0; i < RESET_LIMITS.perIp; i++)
      await callerFor(deps, undefined, ip).auth.requestPasswordReset({ email: `x${i}@nowhere.test` });
    const byIp = await errorOf(
      callerFor(deps, undefined, ip).auth.requestPasswordReset({ email: 'y@nowhere.test' }),
    );
    expect(byIp.appCode).toBe('auth.rate_limited');
  });

  it('an admin issuing a link with SMTP mails it instead of showing it', async () => {
    smtp.received.length = 0;
    const issued = await callerFor(deps, seeded.owner.token).security.issuePasswordReset({
      userId: seeded.agent.id,
    });
    expect(issued).toMatchObject({ emailed: true, link: null });
    const [mail] = await smtp.waitForMail(1);
    expect(mail?.to).toEqual([seeded.agent.email]);
    expect(mail?.parsed.subject).toBe('Reset your Parley password');
  });
});

describe('reset links without SMTP (A2)', () => {
  let deps: TestDeps;
  let seeded: Awaited<ReturnType<typeof seedAccount>>;
  let other: Awaited<ReturnType<typeof seedAccount>>;
  beforeAll(async () => {
    deps = await createTestDeps();
    seeded = await seedAccount(deps);
    other = await seedAccount(deps, 'Other');
  });
  afterAll(() => deps.cleanup());

  it('"forgot password" says to ask an admin', async () => {
    const err = await errorOf(callerFor(deps).auth.requestPasswordReset({ email: seeded.agent.email }));
    expect(err.appCode).toBe('password_reset.no_mail');
  });

  it('an admin issues a link for an agent: shown once, audited, ends the sessions when used', async () => {
    const issued = await callerFor(deps, seeded.admin.token).security.issuePasswordReset({
      userId: seeded.agent.id,
    });
    expect(issued.emailed).toBe(false);
    expect(issued.link).toMatch(/^http:\/\/localhost:3000\/reset-password\/[a-z2-7]{32}$/);
    expect(
      await deps.db.auditEvent.findFirst({
        where: { action: 'user.password_reset_issued', targetId: seeded.agent.id },
      }),
    ).toMatchObject({ actorUserId: seeded.admin.id });
    await callerFor(deps).auth.resetPassword({
      token: tokenOfLink(issued.link ?? ''),
      password: NEW_PASSWORD,
    });
    expect(await callerFor(deps, seeded.agent.token).auth.me()).toBeNull();
  });

  it('an admin cannot issue one for the owner, nor for another account', async () => {
    const admin = callerFor(deps, seeded.admin.token);
    expect((await errorOf(admin.security.issuePasswordReset({ userId: seeded.owner.id }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await errorOf(admin.security.issuePasswordReset({ userId: other.agent.id }))).code).toBe(
      'NOT_FOUND',
    );
    expect(
      (
        await errorOf(
          callerFor(deps, other.agent.token).security.issuePasswordReset({ userId: other.agent.id }),
        )
      ).code,
    ).toBe('FORBIDDEN');
  });
});

describe('two-factor sign-in (A5)', () => {
  let deps: TestDeps;
  let seeded: Awaited<ReturnType<typeof seedAccount>>;
  beforeAll(async () => {
    deps = await createTestDeps();
    seeded = await seedAccount(deps);
  });
  afterAll(() => deps.cleanup());

  const login = (_email: string, ip = '10.9.0.1') => {
    const ctx = testContext(deps, undefined, ip);
    return { ctx, caller: createCallerFactory(appRouter)(ctx) };
  };

  let secret = '';
  let recoveryCodes: string[] = [];

  it('enrols with a code computed from the shown key; ten recovery codes, stored hashed', async () => {
    const agent = callerFor(deps, seeded.agent.token);
    const started = await agent.security.startTotp();
    expect(started.uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    secret = started.secret;
    // The key is sealed at rest.
    const row = await deps.db.user.findUniqueOrThrow({ where: { id: seeded.agent.id } });
    expect(row.totpKey).not.toContain(secret);
    expect(
      (
        await errorOf(
          agent.security.confirmTotp({ code: '000000' === codeFor(secret) ? '111111' : '000000' }),
        )
      ).appCode,
    ).toBe('two_factor.wrong_code');
    const confirmed = await agent.security.confirmTotp({ code: codeFor(secret) });
    recoveryCodes = confirmed.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await deps.db.recoveryCode.findMany({ where: { userId: seeded.agent.id } });
    expect(stored.map((c) => c.codeHash)).not.toContain(recoveryCodes[0]);
    expect(await agent.security.twoFactorStatus()).toEqual({
      totpEnabled: true,
      recoveryCodesLeft: 10,
      required: false,
    });
  });

  it('the password alone makes no session; the code does', async () => {
    const { ctx, caller } = login(seeded.agent.email);
    const first = await caller.auth.login({ email: seeded.agent.email, password: PASSWORD });
    expect(first.me).toBeUndefined();
    const challenge = first.twoFactor?.challenge ?? '';
    expect(challenge).not.toBe('');
    expect(ctx.cookies).toEqual([]);
    const wrong = await errorOf(caller.auth.verifyTwoFactor({ challenge, code: '12345x' }));
    expect(wrong.appCode).toBe('two_factor.wrong_code');
    const codeUsed = codeFor(secret);
    const done = await caller.auth.verifyTwoFactor({ challenge, code: codeUsed });
    expect(done.me.id).toBe(seeded.agent.id);
    expect(await callerFor(deps, sessionOf(ctx.cookies)).auth.me()).toMatchObject({ id: seeded.agent.id });
    // The code is spent too: a new sign-in cannot reuse it inside its 30 seconds.
    const replay = await caller.auth.login({ email: seeded.agent.email, password: PASSWORD });
    const reused = await errorOf(
      caller.auth.verifyTwoFactor({ challenge: replay.twoFactor?.challenge ?? '', code: codeUsed }),
    );
    expect(reused.appCode).toBe('two_factor.wrong_code');
    // The challenge is spent.
    const again = await errorOf(caller.auth.verifyTwoFactor({ challenge, code: codeFor(secret) }));
    expect(again.appCode).toBe('two_factor.expired');
  });

  it('a recovery code works once', async () => {
    const code = recoveryCodes[0] ?? '';
    const { caller } = login(seeded.agent.email);
    const first = await caller.auth.login({ email: seeded.agent.email, password: PASSWORD });
    const done = await caller.auth.verifyTwoFactor({
      challenge: first.twoFactor?.challenge ?? '',
      code: code.toUpperCase(),
    });
    expect(done.me.id).toBe(seeded.agent.id);
    const second = await caller.auth.login({ email: seeded.agent.email, password: PASSWORD });
    const err = await errorOf(
      caller.auth.verifyTwoFactor({ challenge: second.twoFactor?.challenge ?? '', code }),
    );
    expect(err.appCode).toBe('two_factor.wrong_code');
    expect((await callerFor(deps, seeded.agent.token).security.twoFactorStatus()).recoveryCodesLeft).toBe(9);
  });

  it('limits wrong codes per user, even with the right code after', async () => {
    const { caller } = login(seeded.agent.email, '10.9.9.9');
    const first = await caller.auth.login({ email: seeded.agent.email, password: PASSWORD });
    const challenge = first.twoFactor?.challenge ?? '';
    for (let i = 0; i < CODE_LIMIT.max; i++)
      await errorOf(caller.auth.verifyTwoFactor({ challenge, code: 'zzzzzz' }));
    const err = await errorOf(caller.auth.verifyTwoFactor({ challenge, code: codeFor(secret) }));
    expect(err).toMatchObject({ code: 'TOO_MANY_REQUESTS', appCode: 'auth.rate_limited' });
    await deps.db.rateLimitBucket.deleteMany({ where: { key: `2fa:user:${seeded.agent.id}` } });
  });

  it('regenerating replaces the recovery codes; disabling needs the password or a code', async () => {
    const agent = callerFor(deps, seeded.agent.token);
    const fresh = await agent.security.regenerateRecoveryCodes({ password: PASSWORD });
    expect(fresh.recoveryCodes).toHaveLength(10);
    expect(fresh.recoveryCodes).not.toContain(recoveryCodes[1]);
    const wrong = await errorOf(agent.security.disableTotp({ password: 'not the password' }));
    expect(wrong.appCode).toBe('two_factor.confirm_failed');
    expect(await agent.security.disableTotp({ password: PASSWORD })).toEqual({ ok: true });
    const { caller } = login(seeded.agent.email);
    expect(await caller.auth.login({ email: seeded.agent.email, password: PASSWORD })).toHaveProperty('me');
  });

  it('the owner requires two-factor; an admin resets a teammate who lost the device (audited)', async () => {
    const owner = callerFor(deps, seeded.owner.token);
    expect(
      (await errorOf(callerFor(deps, seeded.admin.token).security.setTwoFactorRequired({ required: true })))
        .code,
    ).toBe('FORBIDDEN');
    expect(await owner.security.setTwoFactorRequired({ required: true })).toEqual({ required: true });
    const admin = callerFor(deps, seeded.admin.token);
    expect(await admin.security.twoFactorStatus()).toMatchObject({ totpEnabled: false, required: true });

    const started = await admin.security.startTotp();
    await admin.security.confirmTotp({ code: codeFor(started.secret) });
    expect(await owner.security.resetTwoFactor({ userId: seeded.admin.id })).toEqual({ ok: true });
    expect(await admin.security.twoFactorStatus()).toMatchObject({
      totpEnabled: false,
      recoveryCodesLeft: 0,
    });
    expect(
      await deps.db.auditEvent.count({
        where: { action: 'user.two_factor_reset', targetId: seeded.admin.id },
      }),
    ).toBe(1);
    expect((await errorOf(admin.security.resetTwoFactor({ userId: seeded.owner.id }))).code).toBe(
      'FORBIDDEN',
    );
  });

  it('while it is required, a user without it reaches only sign-in and security, until they turn it on', async () => {
    // Still required from the test before; the agent turned theirs off earlier in this file.
    const agent = callerFor(deps, seeded.agent.token);
    const refused = await errorOf(agent.team.chats());
    expect(refused).toMatchObject({ code: 'FORBIDDEN', appCode: 'two_factor.enrolment_required' });
    expect(await agent.auth.me()).toMatchObject({ id: seeded.agent.id });
    const started = await agent.security.startTotp();
    await agent.security.confirmTotp({ code: codeFor(started.secret) });
    // The cached session check was dropped by the enrolment: the same session works at once.
    await expect(agent.team.chats()).resolves.toBeDefined();
    // Made optional again: the owner, who never turned it on, is let through at once too.
    const owner = callerFor(deps, seeded.owner.token);
    expect((await errorOf(owner.team.chats())).appCode).toBe('two_factor.enrolment_required');
    await owner.security.setTwoFactorRequired({ required: false });
    await expect(owner.team.chats()).resolves.toBeDefined();
  });
});

describe('passkeys (A5): what a browser cannot be made to fake', () => {
  let deps: TestDeps;
  let seeded: Awaited<ReturnType<typeof seedAccount>>;
  beforeAll(async () => {
    deps = await createTestDeps();
    seeded = await seedAccount(deps);
  });
  afterAll(() => deps.cleanup());

  const forged = {
    id: 'AAAA',
    rawId: 'AAAA',
    type: 'public-key',
    response: {
      clientDataJSON: 'e30',
      authenticatorData: 'AAAA',
      signature: 'AAAA',
      attestationObject: 'AAAA',
    },
    clientExtensionResults: {},
  };

  it('options name this server as the relying party; a loopback URL stands for localhost', async () => {
    const { options, challengeId } = await callerFor(deps).auth.passkeyOptions();
    expect(options.rpId).toBe('localhost');
    expect(options.userVerification).toBe('required');
    expect(challengeId).toMatch(/^[a-z2-7]{32}$/);
    const stored = await deps.db.webAuthnChallenge.findMany();
    expect(stored.map((c) => c.id)).not.toContain(challengeId);
    expect(relyingParty('https://chat.example.com')).toEqual({
      rpID: 'chat.example.com',
      origins: ['https://chat.example.com'],
    });
  });

  it('a forged answer is refused, and its challenge is spent', async () => {
    const anon = callerFor(deps);
    const { challengeId } = await anon.auth.passkeyOptions();
    const first = await errorOf(anon.auth.loginWithPasskey({ challengeId, credential: forged as never }));
    expect(first.appCode).toBe('passkey.failed');
    expect(await deps.db.webAuthnChallenge.count()).toBe(1); // only the first test's
    const shape = await errorOf(
      anon.auth.loginWithPasskey({ challengeId, credential: { id: 'x' } as never }),
    );
    expect(shape.code).toBe('BAD_REQUEST');
  });

  it('registering needs a challenge of the same user; removing only one of your own', async () => {
    const agent = callerFor(deps, seeded.agent.token);
    const { options, challengeId } = await agent.security.startPasskey();
    expect(options.user.name).toBe(seeded.agent.email);
    expect(options.authenticatorSelection?.residentKey).toBe('required');
    const stolen = await errorOf(
      callerFor(deps, seeded.admin.token).security.addPasskey({
        challengeId,
        credential: forged as never,
        name: 'x',
      }),
    );
    expect(stolen.appCode).toBe('passkey.failed');
    await deps.db.passkey.create({
      data: {
        id: 'admin-key',
        accountId: seeded.account.id,
        userId: seeded.admin.id,
        publicKey: 'pk',
        name: 'Admin key',
      },
    });
    expect(await agent.security.passkeys()).toEqual([]);
    expect((await errorOf(agent.security.deletePasskey({ id: 'admin-key' }))).code).toBe('NOT_FOUND');
    expect(await callerFor(deps, seeded.admin.token).security.deletePasskey({ id: 'admin-key' })).toEqual({
      ok: true,
    });
  });
});
