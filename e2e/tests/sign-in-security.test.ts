import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startFakeSmtp } from '@parley/integrations/testing/providers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { heading, shows } from '../support/console';
import { OWNER, useTeam } from '../support/team';

// A2 forgot password → mail (a local SMTP server) → reset → log in; A5 two-factor sign-in with an
// authenticator code computed here, as a phone would. Found by role and accessible name; axe-core checks
// each new screen.

const { available } = chromiumAvailability();
// Evaluated through the DevTools protocol: the console's CSP (script-src 'self') refuses injected tags.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** RFC 6238 (SHA-1, 30 s, 6 digits), as an authenticator app computes it from the base32 key. */
function totp(base32Key: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32Key.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)?.map((b) => Number.parseInt(b, 2)) ?? []);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}

async function expectAccessible(page: Page) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: { id: string }[] }> } }
    ).axe;
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((v) => v.id);
  });
  expect(violations).toEqual([]);
}

let smtp: Awaited<ReturnType<typeof startFakeSmtp>>;
const NEW_PASSWORD = 'a fresh password 3';
let recoveryCode = '';

describe.skipIf(!available)('sign-in security', () => {
  beforeAll(async () => {
    smtp = await startFakeSmtp();
  });
  afterAll(() => smtp?.close());
  const team = useTeam({
    serverEnv: () => ({
      SMTP_URL: `smtp://${smtp.host}:${smtp.port}`,
      MAIL_FROM: 'Parley <no-reply@e2e.test>',
    }),
  });
  let page: Page;
  beforeAll(() => {
    page = team.owner.page;
  });

  async function logOut() {
    await page.getByRole('button', { name: 'Log out' }).click();
    await shows(heading(page, 'Log in to Parley'));
  }

  async function logIn(password: string) {
    await page.getByLabel('Email', { exact: true }).fill(OWNER.email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
  }

  it('forgot password: the mailed link sets a new password, once', async () => {
    await logOut();
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await shows(heading(page, 'Forgot your password?'));
    await expectAccessible(page);
    // By keyboard: the email field has focus; Enter submits.
    await page.keyboard.type(OWNER.email);
    await page.keyboard.press('Enter');
    await shows(page.getByText(/a link is on its way/));
    const [mail] = await smtp.waitForMail(1);
    expect(mail?.to).toEqual([OWNER.email]);
    const link = /(http\S+\/reset-password\/[a-z2-7]+)/.exec(mail?.parsed.text ?? '')?.[1] ?? '';
    expect(link.startsWith(team.server.url)).toBe(true);

    await page.goto(link);
    await shows(heading(page, 'Choose a new password'));
    await expectAccessible(page);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    await shows(page.getByText('Your password is set. Log in with it now.'));
    await page.getByRole('link', { name: 'Log in', exact: true }).click();
    await logIn(NEW_PASSWORD);
    await shows(heading(page, 'Inbox'));

    // The link worked once.
    await page.context().clearCookies();
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill('another password 4');
    await page.getByRole('button', { name: 'Set password' }).click();
    await shows(page.getByText(/This reset link is invalid, used or expired/));
    await page.goto(team.server.url);
  });

  it('two-factor sign-in: enrol with the QR key, then the code is asked after the password', async () => {
    await logIn(NEW_PASSWORD);
    await shows(heading(page, 'Inbox'));
    await page.getByRole('link', { name: 'Sign-in security' }).click();
    await shows(heading(page, 'Sign-in security'));
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await shows(page.getByRole('img', { name: 'QR code of your two-factor key' }));
    await expectAccessible(page);
    const key = await page.getByRole('textbox', { name: 'Key', exact: true }).inputValue();
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByLabel('Code from the app', { exact: true }).fill(totp(key));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem');
    await shows(codes);
    expect(await codes.count()).toBe(10);
    recoveryCode = ((await codes.first().textContent()) ?? '').trim();
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await shows(page.getByText('Two-factor sign-in is on.'));

    await logOut();
    await logIn(NEW_PASSWORD);
    await shows(heading(page, 'Two-factor sign-in'));
    await expectAccessible(page);
    await page.getByLabel('Code', { exact: true }).fill(totp(key));
    await page.keyboard.press('Enter');
    await shows(heading(page, 'Inbox'));
  });

  it('passkeys: added with a (virtual) authenticator, then a password-less log in', async () => {
    // WebAuthn needs a domain: the same server as http://localhost (an IP address cannot be an RP ID).
    const local = new URL(team.server.url);
    local.hostname = 'localhost';
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await page.goto(local.origin);
    await shows(heading(page, 'Log in to Parley'));
    await logIn(NEW_PASSWORD);
    // A recovery code stands in for the phone, once.
    await shows(heading(page, 'Two-factor sign-in'));
    await page.getByLabel('Code', { exact: true }).fill(recoveryCode);
    await page.getByRole('button', { name: 'Verify' }).click();
    await shows(heading(page, 'Inbox'));

    await page.getByRole('link', { name: 'Sign-in security' }).click();
    await shows(heading(page, 'Sign-in security'));
    await page.getByLabel('Passkey name', { exact: true }).fill('Work laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await shows(page.getByRole('list', { name: 'Your passkeys' }).getByText('Work laptop'));
    await expectAccessible(page);

    await logOut();
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await shows(heading(page, 'Inbox'));
  });
});
