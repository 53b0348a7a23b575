import { startFakeImap, startFakeSmtp } from '@parley/integrations/testing/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability, launchBrowser, type TBrowser } from '../support/browser';
import { expectCount, gone, heading, setUpWorkspace, shows } from '../support/console';
import { startServer, type TRunningServer } from '../support/server';

// J1 + K2 end to end: the owner adds an email channel through the form generated from the email
// plugin's config schema, pointing at the fake SMTP and IMAP servers of
// @parley/integrations/testing/providers; a customer's mail waiting in the mailbox appears in the
// Inbox, the owner answers in the console, and the SMTP server receives the reply threaded under the
// customer's mail.

const { available } = chromiumAvailability();

const owner = {
  accountName: 'Acme',
  name: 'Olivia Owner',
  email: 'olivia@acme.test',
  password: 'correct horse 1',
};
const mailbox = { user: 'support@acme.test', pass: 'mailbox secret' };

/** A plain RFC 5322 mail as the customer's client sends it. */
function customerMail(): string {
  return [
    'From: Zeynep Kaya <zeynep@example.org>',
    'To: support@acme.test',
    'Subject: Order #1234',
    'Message-ID: <first-order-1234@example.org>',
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Where is my order?',
    '',
  ].join('\r\n');
}

describe.skipIf(!available)('Email channel', () => {
  let server: TRunningServer;
  let smtp: Awaited<ReturnType<typeof startFakeSmtp>>;
  let imap: Awaited<ReturnType<typeof startFakeImap>>;
  let browser: TBrowser | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    smtp = await startFakeSmtp(mailbox);
    imap = await startFakeImap(mailbox);
    server = await startServer();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
    await imap?.close();
  });

  it('adds an email channel from the generated form, receives a mail and replies in its thread', {
    timeout: 180_000,
  }, async () => {
    try {
      imap.deliver(customerMail());
      browser = await launchBrowser({ locale: 'en-US' });
      const page = await browser.context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await setUpWorkspace(page, server.url, owner);

      // --- Manage → Channels → Add channel → Email.
      await page.getByRole('link', { name: 'Channels', exact: true }).click();
      await shows(heading(page, 'Channels'));
      await page.getByRole('link', { name: /^Add email, Telegram/ }).click();
      await shows(heading(page, 'Add channel'));
      await page.getByRole('radio', { name: 'Email', exact: true }).check();
      const name = page.getByLabel('Channel name', { exact: true });
      await shows(name);
      await name.fill('Support mail');

      // Checked in the browser before anything is sent.
      await page.getByLabel('Support address', { exact: true }).fill('support at acme');
      await page.getByRole('button', { name: 'Add channel', exact: true }).click();
      await shows(page.getByText('Enter a valid email address.'));
      await shows(page.getByText('This field is required.'));
      // Secrets are password fields.
      expect(await page.getByLabel('SMTP password', { exact: true }).getAttribute('type')).toBe('password');

      await page.getByLabel('Support address', { exact: true }).fill('support@acme.test');
      await page.getByLabel('Sender name', { exact: true }).fill('ACME Support');
      await page.getByLabel('SMTP host', { exact: true }).fill(smtp.host);
      await page.getByLabel('SMTP port', { exact: true }).fill(String(smtp.port));
      await page.getByLabel('SMTP user', { exact: true }).fill(mailbox.user);
      await page.getByLabel('SMTP password', { exact: true }).fill(mailbox.pass);
      await page.getByLabel('IMAP host (incoming mail)', { exact: true }).fill(imap.host);
      await page.getByLabel('IMAP port', { exact: true }).fill(String(imap.port));
      await page.getByRole('checkbox', { name: 'IMAP over TLS' }).uncheck();
      await page.getByLabel('IMAP user', { exact: true }).fill(mailbox.user);
      await page.getByLabel('IMAP password', { exact: true }).fill(mailbox.pass);
      await page.getByRole('button', { name: 'Add channel', exact: true }).click();
      await shows(page.getByRole('heading', { name: 'Channel added' }));
      await shows(page.getByText('Parley checks this channel for new messages every 30 seconds.'));

      // "Send a test message" goes out through the SMTP server.
      await page.getByLabel('Send the test message to', { exact: true }).fill('olivia@acme.test');
      await page.getByRole('button', { name: 'Send a test message' }).click();
      await shows(page.getByText('Test passed: test message sent to olivia@acme.test'));
      expect(smtp.received.map((m) => m.parsed.subject)).toEqual(['Parley test message']);

      // The channel list shows it with its health and counts.
      await page.getByRole('link', { name: 'Back to channels' }).click();
      await shows(heading(page, 'Channels'));
      await shows(page.getByRole('link', { name: 'Support mail', exact: true }).first());

      // --- The mail that was waiting in the mailbox is in the Inbox.
      await page.getByRole('link', { name: /^Inbox/ }).click();
      await shows(heading(page, 'Inbox'));
      const inbox = page.getByRole('list', { name: 'Inbox' });
      await shows(inbox.getByRole('link', { name: /Zeynep Kaya/ }));
      // B4: the request card names the customer and shows the mail; Chat takes it and opens it.
      const card = page.getByRole('article', { name: 'Chat request from Zeynep Kaya' });
      await shows(card.getByText('Where is my order?'));
      await card.getByRole('button', { name: 'Chat', exact: true }).click();
      const transcript = page.getByRole('log', { name: 'Messages' });
      await shows(transcript.getByText('Where is my order?'));

      // --- The owner answers; the reply leaves by SMTP, threaded, and shows as sent.
      const composer = page.getByRole('textbox', { name: 'Message' });
      await shows(composer);
      await composer.fill('It ships today.');
      await composer.press('Enter');
      await shows(transcript.getByText('It ships today.'));
      await shows(transcript.getByText('Sent', { exact: true }));
      await smtp.waitForMail(2);
      const reply = smtp.received[1]?.parsed;
      expect(smtp.received[1]?.to).toEqual(['zeynep@example.org']);
      expect(reply?.subject).toBe('Re: Order #1234');
      expect(reply?.inReplyTo).toBe('<first-order-1234@example.org>');
      expect(reply?.references).toBe('<first-order-1234@example.org>');
      expect(reply?.text?.trim()).toBe('It ships today.');
      expect(reply?.from?.value[0]).toEqual({ address: 'support@acme.test', name: owner.name });

      // --- The SMTP server goes away: the next reply retries, then shows as not delivered.
      await smtp.close();
      await composer.fill('Your tracking number follows.');
      await composer.press('Enter');
      await shows(transcript.getByText('Your tracking number follows.'));
      await shows(transcript.getByText('Not delivered'), 60_000);
      await shows(transcript.getByRole('button', { name: 'Resend this message' }));

      // --- The admin points the channel at the new SMTP server in Manage → Integrations; the
      // stored secrets stay hidden and are kept.
      smtp = await startFakeSmtp(mailbox);
      await page.getByRole('link', { name: 'Integrations', exact: true }).click();
      await shows(heading(page, 'Integrations'));
      const installed = page.getByRole('listitem', { name: 'Email' });
      await shows(installed.getByRole('heading', { name: 'Email' }));
      await installed.getByRole('button', { name: 'Settings: Email' }).click();
      const password = installed.getByLabel('SMTP password', { exact: true });
      expect(await password.inputValue()).toBe('');
      await shows(installed.getByText('Stored. Leave empty to keep it, or type a new one.').first());
      await installed.getByLabel('SMTP port', { exact: true }).fill(String(smtp.port));
      await installed.getByRole('button', { name: 'Save settings' }).click();
      await shows(installed.getByText('Settings saved.'));

      // --- Back in the chat, Resend delivers it, still in the thread.
      await page.getByRole('link', { name: /^My chats/ }).click();
      await page
        .getByRole('list', { name: 'My chats' })
        .getByRole('link', { name: /Zeynep Kaya/ })
        .click();
      await transcript.getByRole('button', { name: 'Resend this message' }).click();
      await expectCount(transcript.getByText('Sent', { exact: true }), 2);
      await gone(transcript.getByText('Not delivered'));
      expect(smtp.received[0]?.parsed.inReplyTo).toBe('<first-order-1234@example.org>');
      expect(smtp.received[0]?.parsed.text?.trim()).toBe('Your tracking number follows.');

      // --- The channel list counts the conversation and its messages.
      await page.getByRole('link', { name: 'Channels', exact: true }).click();
      await shows(heading(page, 'Channels'));
      await shows(page.getByText(/1 conversation · 3 messages/));

      // --- Deleting asks first; the conversation stays in the Archive.
      await page.getByRole('button', { name: 'Delete: Support mail' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete Support mail?' });
      await shows(dialog);
      await dialog.getByRole('button', { name: 'Delete channel' }).click();
      await shows(page.getByText('No channels yet'));
      await page.getByRole('link', { name: 'Archive', exact: true }).click();
      await shows(page.getByRole('link', { name: /Zeynep Kaya/ }));
      expect(pageErrors).toEqual([]);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- server log ---\n${server.logs().slice(-4000)}`);
    }
  });
});
