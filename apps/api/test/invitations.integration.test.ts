import { startFakeSmtp } from '@parley/integrations/testing/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const tokenOf = (link: string | null) => link?.split('/invite/')[1] ?? '';

describe('invitations without SMTP (A3)', () => {
  let deps: TestDeps;
  let seeded: Awaited<ReturnType<typeof seedAccount>>;
  beforeAll(async () => {
    deps = await createTestDeps();
    seeded = await seedAccount(deps);
  });
  afterAll(() => deps.cleanup());

  it('gives the admin a single-use link; the invitee sets name and password and is logged in', async () => {
    const admin = callerFor(deps, seeded.admin.token);
    const created = await admin.invitations.create({ email: 'New.Agent@Example.com', role: 'agent' });
    expect(created).toMatchObject({ emailed: false });
    expect(created.link).toMatch(/^http:\/\/localhost:3000\/invite\/[a-z2-7]{32}$/);
    expect(await admin.invitations.list()).toMatchObject([
      { email: 'new.agent@example.com', status: 'pending' },
    ]);

    const token = tokenOf(created.link);
    const anon = callerFor(deps);
    expect(await anon.invitations.lookup({ token })).toEqual({
      valid: true,
      email: 'new.agent@example.com',
      accountName: 'Acme',
    });

    const ctx = testContext(deps);
    const { me } = await createCallerFactory(appRouter)(ctx).invitations.accept({
      token,
      name: 'Nia',
      password: PASSWORD,
    });
    expect(me).toMatchObject({
      email: 'new.agent@example.com',
      role: 'agent',
      name: 'Nia',
      accountId: seeded.account.id,
    });
    expect(ctx.cookies[0]).toMatch(/parley_session=/);

    const reused = await errorOf(anon.invitations.accept({ token, name: 'Mallory', password: PASSWORD }));
    expect(reused.appCode).toBe('invitation.invalid');
    expect(await anon.invitations.lookup({ token })).toMatchObject({ valid: false });
    expect(await admin.invitations.list()).toEqual([]);
  });

  it('refuses inviting an existing user', async () => {
    const err = await errorOf(
      callerFor(deps, seeded.admin.token).invitations.create({ email: seeded.agent.email, role: 'agent' }),
    );
    expect(err.appCode).toBe('email.taken');
  });

  it('an address used in another account joins as a second user of its own (emails are unique per account)', async () => {
    const other = await seedAccount(deps, 'Elsewhere');
    const admin = callerFor(deps, seeded.admin.token);
    const fresh = await admin.invitations.create({ email: 'nobody-yet@example.com', role: 'agent' });
    const taken = await admin.invitations.create({ email: other.agent.email, role: 'agent' });
    // The same shape of answer: nothing tells the admin that this address is used elsewhere.
    expect(Object.keys(taken).sort()).toEqual(Object.keys(fresh).sort());
    expect(taken.emailed).toBe(fresh.emailed);
    const accepted = await callerFor(deps).invitations.accept({
      token: tokenOf(taken.link),
      name: 'Twin',
      password: PASSWORD,
    });
    expect(accepted.me.accountId).toBe(seeded.account.id);
    expect(await deps.db.user.count({ where: { email: other.agent.email } })).toBe(2);
    // The other account's user is untouched and not linked: that takes one sign-in proving both.
    const elsewhere = await deps.db.user.findFirstOrThrow({ where: { id: other.agent.id } });
    expect(elsewhere.accountId).toBe(other.account.id);
    await admin.invitations.revoke({ id: fresh.id });
  });

  it('resend issues a new link and kills the old one; revoke kills it for good', async () => {
    const admin = callerFor(deps, seeded.admin.token);
    const first = await admin.invitations.create({ email: 'resend@example.com', role: 'admin' });
    const second = await admin.invitations.resend({ id: first.id });
    expect(second.link).not.toBe(first.link);
    const anon = callerFor(deps);
    expect((await anon.invitations.lookup({ token: tokenOf(first.link) })).valid).toBe(false);
    expect((await anon.invitations.lookup({ token: tokenOf(second.link) })).valid).toBe(true);
    await admin.invitations.revoke({ id: first.id });
    expect((await anon.invitations.lookup({ token: tokenOf(second.link) })).valid).toBe(false);
    expect((await errorOf(admin.invitations.revoke({ id: first.id }))).code).toBe('NOT_FOUND');
  });

  it('expired links are refused', async () => {
    const admin = callerFor(deps, seeded.admin.token);
    const inv = await admin.invitations.create({ email: 'late@example.com', role: 'agent' });
    await deps.db.invitation.update({
      where: { id: inv.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await admin.invitations.list()).toMatchObject([{ email: 'late@example.com', status: 'expired' }]);
    const err = await errorOf(
      callerFor(deps).invitations.accept({ token: tokenOf(inv.link), name: 'Late', password: PASSWORD }),
    );
    expect(err.appCode).toBe('invitation.invalid');
  });
});

describe('invitations with SMTP', () => {
  let deps: TestDeps;
  let smtp: Awaited<ReturnType<typeof startFakeSmtp>>;

  beforeAll(async () => {
    // A real SMTP server on loopback receives what nodemailer sends.
    smtp = await startFakeSmtp();
    deps = await createTestDeps({
      mailer: createSmtpMailer(`smtp://${smtp.host}:${smtp.port}`, 'Parley <no-reply@acme.test>'),
    });
  });
  afterAll(async () => {
    await deps.cleanup();
    await smtp.close();
  });

  it('emails the link instead of showing it', async () => {
    const { admin } = await seedAccount(deps);
    const created = await callerFor(deps, admin.token).invitations.create({
      email: 'mailme@example.com',
      role: 'agent',
    });
    expect(created).toMatchObject({ emailed: true, link: null });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.to).toEqual(['mailme@example.com']);
    const token = /\/invite\/([a-z2-7]+)/.exec(smtp.received[0]?.parsed.text ?? '')?.[1] ?? '';
    expect((await callerFor(deps).invitations.lookup({ token })).valid).toBe(true);
  });
});
