import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createPluginHost } from '../../host/index.js';
import { createTestLogger, runPluginContract } from '../../testing/index.js';
import { startFakeImap } from '../../testing/providers/imap/server.js';
import { obsoleteSyntaxMail, startFakeSmtp } from '../../testing/providers/mail.js';
import plugin from './index.js';

const smtpAuth = { user: 'support@acme.test', pass: 'smtp-pass' };
const imapAuth = { user: 'support@acme.test', pass: 'imap-pass' };

runPluginContract(plugin, {
  provider: async () => {
    const smtp = await startFakeSmtp(smtpAuth);
    return { url: `smtp://127.0.0.1:${smtp.port}`, close: smtp.close };
  },
  validConfig: ({ providerUrl }) => ({
    fromAddress: 'support@acme.test',
    smtpHost: '127.0.0.1',
    smtpPort: Number(new URL(providerUrl ?? 'smtp://x:25').port),
    smtpUser: smtpAuth.user,
    smtpPassword: smtpAuth.pass,
  }),
  invalidConfig: { fromAddress: 'not-an-email', smtpHost: '' },
  channel: { to: { externalId: 'customer@example.org' } },
});

/** A raw RFC 5322 message as a customer's mail client would send it. */
async function rawMail(options: Mail.Options): Promise<string> {
  const info = await createTransport({ streamTransport: true, buffer: true }).sendMail(options);
  return (info.message as Buffer).toString('utf8');
}

async function setup() {
  const smtp = await startFakeSmtp(smtpAuth);
  const imap = await startFakeImap(imapAuth);
  const host = createPluginHost({
    plugins: [plugin],
    logger: createTestLogger(),
    storage: createMemoryStorage(),
    secretKey: 'test-secret-key-0123456789',
  });
  const r = await host.createInstall({
    accountId: 'a',
    name: plugin.name,
    config: {
      fromAddress: 'support@acme.test',
      fromName: 'ACME Support',
      smtpHost: smtp.host,
      smtpPort: smtp.port,
      smtpUser: smtpAuth.user,
      smtpPassword: smtpAuth.pass,
      imapHost: imap.host,
      imapPort: imap.port,
      imapSecure: false,
      imapUser: imapAuth.user,
      imapPassword: imapAuth.pass,
    },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return {
    smtp,
    imap,
    host,
    id: r.install.id,
    close: async () => {
      await host.close();
      await smtp.close();
      await imap.close();
    },
  };
}

describe('channel-email', () => {
  it('polls IMAP for unseen mail, marks it seen, sanitises HTML and keeps attachments', {
    timeout: 30_000,
  }, async () => {
    const t = await setup();
    try {
      t.imap.deliver(
        await rawMail({
          from: 'Zeynep Kaya <Zeynep@Example.org>',
          to: 'support@acme.test',
          subject: 'Order #1234',
          messageId: '<first@example.org>',
          text: 'Where is my order?',
          html: '<p onclick="steal()">Where is my <b>order</b>?</p><script>alert(1)</script><img src="http://track.example/pixel.gif">',
          attachments: [
            {
              filename: 'receipt.pdf',
              content: Buffer.from('%PDF-1.4 receipt'),
              contentType: 'application/pdf',
            },
          ],
        }),
      );
      t.imap.deliver(
        await rawMail({
          from: 'mailer-daemon@example.org',
          to: 'support@acme.test',
          subject: 'Out of office',
          text: 'I am away',
          headers: { 'Auto-Submitted': 'auto-replied' },
        }),
      );
      const events = await t.host.poll(t.id);
      expect(events).toHaveLength(1);
      const m = events[0]!;
      if (m.type !== 'message') throw new Error('not a message');
      expect(m).toMatchObject({
        externalMessageId: '<first@example.org>',
        contact: { externalId: 'zeynep@example.org', email: 'zeynep@example.org', name: 'Zeynep Kaya' },
        threadId: '<first@example.org>',
        subject: 'Order #1234',
        text: 'Where is my order?',
      });
      expect(m.html).toBe('<p>Where is my <b>order</b>?</p><img />');
      expect(m.attachments.map((a) => [a.fileName, a.mimeType, a.data.toString()])).toEqual([
        ['receipt.pdf', 'application/pdf', '%PDF-1.4 receipt'],
      ]);
      expect(t.imap.flags().every((f) => f.includes('\\Seen'))).toBe(true);
      expect(await t.host.poll(t.id)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('threads replies: Message-ID, In-Reply-To and References survive both ways', async () => {
    const t = await setup();
    try {
      t.imap.deliver(
        await rawMail({
          from: 'zeynep@example.org',
          to: 'support@acme.test',
          subject: 'Order #1234',
          messageId: '<first@example.org>',
          text: 'Where is my order?',
        }),
      );
      const [first] = await t.host.poll(t.id);
      if (first?.type !== 'message') throw new Error('no message');

      // The agent answers.
      const reply = await t.host.send(t.id, {
        to: { externalId: first.contact.externalId },
        text: 'It ships today.',
        subject: first.subject!,
        inReplyToExternalId: first.externalMessageId,
        references: [first.externalMessageId],
        senderName: 'Ali (ACME)',
        attachments: [
          { fileName: 'label.pdf', mimeType: 'application/pdf', data: Buffer.from('%PDF label') },
        ],
      });
      expect(reply.externalMessageId).toMatch(/^<[0-9a-f-]+@acme\.test>$/);
      const out = t.smtp.received[0]!;
      expect(out.to).toEqual(['zeynep@example.org']);
      expect(out.parsed.messageId).toBe(reply.externalMessageId);
      expect(out.parsed.inReplyTo).toBe('<first@example.org>');
      expect(out.parsed.references).toBe('<first@example.org>');
      expect(out.parsed.subject).toBe('Re: Order #1234');
      expect(out.parsed.from?.value[0]).toEqual({ address: 'support@acme.test', name: 'Ali (ACME)' });
      expect(out.parsed.attachments[0]?.content.toString()).toBe('%PDF label');

      // The customer answers the agent from a mail client, quoting it.
      t.imap.deliver(
        await rawMail({
          from: 'zeynep@example.org',
          to: 'support@acme.test',
          subject: 'Re: Order #1234',
          messageId: '<second@example.org>',
          inReplyTo: reply.externalMessageId,
          references: ['<first@example.org>', reply.externalMessageId],
          text: `Thanks!\n\nOn Mon, 1 Jan 2024, ACME Support wrote:\n> It ships today.\n`,
        }),
      );
      const [second] = await t.host.poll(t.id);
      expect(second).toMatchObject({
        externalMessageId: '<second@example.org>',
        threadId: '<first@example.org>',
        replyToExternalId: reply.externalMessageId,
        text: 'Thanks!',
      });
    } finally {
      await t.close();
    }
  });

  it('refuses wrong credentials as auth errors and checks both servers in sendTest', async () => {
    const t = await setup();
    try {
      expect(await (await t.host.channel(t.id)).sendTest!({ to: 'admin@acme.test' })).toEqual({
        detail: 'test message sent to admin@acme.test',
      });
      expect(t.smtp.received[0]?.parsed.subject).toBe('Parley test message');
      await t.host.updateConfig(t.id, { ...(await t.host.readConfig(t.id)).values, imapPassword: 'wrong' });
      await expect(t.host.poll(t.id)).rejects.toMatchObject({ kind: 'auth', plugin: 'channel-email' });
    } finally {
      await t.close();
    }
  });

  it('marks mail seen only once stored, keeps unreadable mail unseen and reports it, reads obsolete syntax', {
    timeout: 30_000,
  }, async () => {
    const t = await setup();
    try {
      // RFC 5322 §4.5.3: white space before the colon is obsolete syntax readers must accept.
      t.imap.deliver(obsoleteSyntaxMail('support@acme.test'));
      // No sender at all: it cannot become anyone's message.
      t.imap.deliver(
        ['To: support@acme.test', 'Subject: who am I', 'Message-ID: <anon@x>', '', 'no From header', ''].join(
          '\r\n',
        ),
      );
      // Storing fails: nothing is flagged, the next poll reads the same mail again.
      await expect(
        t.host.poll(t.id, async () => {
          throw new Error('database unavailable');
        }),
      ).rejects.toThrow(/database unavailable/);
      expect(t.imap.flags()).toEqual([[], []]);
      // Parley's own storage failing does not count against the plugin's health.
      expect((await t.host.health(t.id)).failures).toBe(0);

      const stored: unknown[] = [];
      const events = await t.host.poll(t.id, async (batch) => {
        stored.push(...batch);
      });
      expect(stored).toEqual(events);
      expect(events).toMatchObject([
        {
          type: 'message',
          externalMessageId: '<1234@local.machine.example>',
          contact: { externalId: 'jdoe@machine.example', name: 'John Doe' },
          subject: 'Saying Hello',
          text: 'This is a message just to say hello.',
        },
        {
          type: 'rejected',
          reference: 'IMAP UID 2 in INBOX',
          reason: 'the mail has no sender address (From)',
        },
      ]);
      // Stored → seen; unreadable → left unseen, set aside with a keyword, not read again.
      expect(t.imap.flags()).toEqual([['\\Seen'], ['$ParleyRejected']]);
      expect(await t.host.poll(t.id)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('decodes RFC 2047 subjects and names and RFC 2231 file names, keeping the exact bytes', {
    timeout: 30_000,
  }, async () => {
    const t = await setup();
    try {
      t.imap.deliver(
        [
          'From: =?UTF-8?B?QXnFn2UgWcSxbG1heg==?= <ayse@example.org>',
          'To: support@acme.test',
          'Subject: =?UTF-8?Q?=C3=96deme_dekontu?=',
          'Message-ID: <rfc2231@example.org>',
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="b1"',
          '',
          '--b1',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Dekont ekte.',
          '--b1',
          "Content-Type: application/pdf; name*=UTF-8''Fatura%20A%C4%9Fustos.pdf",
          "Content-Disposition: attachment; filename*=UTF-8''Fatura%20A%C4%9Fustos.pdf",
          'Content-Transfer-Encoding: base64',
          '',
          'JVBERgD/EIA=',
          '--b1',
          'Content-Type: image/png',
          'Content-Disposition: attachment; filename="=?UTF-8?B?xZ9la2lsLnBuZw==?="',
          'Content-Transfer-Encoding: base64',
          '',
          'iVBORw0KGgo=',
          '--b1--',
          '',
        ].join('\r\n'),
      );
      const [event] = await t.host.poll(t.id);
      expect(event).toMatchObject({
        contact: { name: 'Ayşe Yılmaz' },
        subject: 'Ödeme dekontu',
        text: 'Dekont ekte.',
      });
      const files = event?.type === 'message' ? event.attachments : [];
      expect(files.map((a) => [a.fileName, a.mimeType, a.data.toString('hex')])).toEqual([
        ['Fatura Ağustos.pdf', 'application/pdf', '25504446' + '00ff1080'],
        ['şekil.png', 'image/png', '89504e470d0a1a0a'],
      ]);
    } finally {
      await t.close();
    }
  });
});
