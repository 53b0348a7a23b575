import { randomUUID } from 'node:crypto';
import type { DeliverInbound, InboundEvent } from '@parley/plugin-sdk';
import { definePlugin, PLUGIN_API_VERSION, PluginError, reasonOf } from '@parley/plugin-sdk';
import { z } from 'zod';
import { isAutoReply, parseEmail } from './parse.js';

const configSchema = z.object({
  fromAddress: z.email().meta({ title: 'Support address' }),
  fromName: z.string().max(100).optional().meta({ title: 'Sender name' }),
  smtpHost: z.string().min(1).meta({ title: 'SMTP host' }),
  smtpPort: z.coerce.number().int().min(1).max(65535).default(587).meta({ title: 'SMTP port' }),
  /** true: TLS from the start (465); false: STARTTLS when offered (587/25). */
  smtpSecure: z.boolean().default(false).meta({ title: 'SMTP over TLS (port 465)' }),
  smtpUser: z.string().optional().meta({ title: 'SMTP user' }),
  smtpPassword: z.string().optional().meta({ secret: true, title: 'SMTP password' }),
  imapHost: z.string().optional().meta({ title: 'IMAP host (incoming mail)' }),
  imapPort: z.coerce.number().int().min(1).max(65535).default(993).meta({ title: 'IMAP port' }),
  imapSecure: z.boolean().default(true).meta({ title: 'IMAP over TLS' }),
  imapUser: z.string().optional().meta({ title: 'IMAP user' }),
  imapPassword: z.string().optional().meta({ secret: true, title: 'IMAP password' }),
  imapMailbox: z.string().default('INBOX').meta({ title: 'Mailbox' }),
  /** Accept self-signed certificates (own mail servers, tests). */
  allowSelfSigned: z.boolean().default(false).meta({ title: 'Accept self-signed certificates' }),
});

const BATCH = 50;
/**
 * The IMAP keyword on a mail Parley cannot turn into a message: it stays unseen in the mailbox for a
 * person to look at, and later polls pass over it (the channel's health counts it).
 */
const REJECTED_KEYWORD = '$ParleyRejected';

/**
 * Email: SMTP out with nodemailer (Message-ID / In-Reply-To / References so replies thread in the
 * customer's mail client), IMAP in with imapflow (`poll` fetches unseen mail and marks it seen),
 * parsing with mailparser, HTML sanitised, attachments kept.
 */
export default definePlugin({
  name: 'channel-email',
  version: '1.0.0',
  apiVersion: PLUGIN_API_VERSION,
  displayName: 'Email',
  description: 'A support mailbox: mail in by IMAP, replies out by SMTP, threaded.',
  configSchema,
  hostFields: ['smtpHost', 'imapHost'],
  capabilities: ['channel'],
  async setup(ctx) {
    // The mail libraries load when an email channel starts: a server without one never holds them.
    const [{ ImapFlow }, { createTransport }] = await Promise.all([import('imapflow'), import('nodemailer')]);
    const c = ctx.config;
    const domain = c.fromAddress.split('@')[1] ?? 'localhost';
    const tls = { rejectUnauthorized: !c.allowSelfSigned };
    const transport = createTransport({
      host: c.smtpHost,
      port: c.smtpPort,
      secure: c.smtpSecure,
      ...(c.smtpUser ? { auth: { user: c.smtpUser, pass: c.smtpPassword ?? '' } } : {}),
      tls,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });

    function smtpError(error: unknown, what: string): PluginError {
      const e = error as { responseCode?: number; code?: string; message?: string };
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode !== 535;
      return new PluginError(`${what}: ${e.message ?? String(error)}`, {
        kind: e.code === 'EAUTH' || e.responseCode === 535 ? 'auth' : permanent ? 'input' : 'network',
        ...(e.responseCode ? { code: String(e.responseCode) } : {}),
        cause: error,
      });
    }

    function imapClient() {
      return new ImapFlow({
        host: c.imapHost ?? '',
        port: c.imapPort,
        secure: c.imapSecure,
        auth: { user: c.imapUser ?? c.fromAddress, pass: c.imapPassword ?? '' },
        tls,
        logger: false,
        disableAutoIdle: true,
        connectionTimeout: 10_000,
      });
    }

    /** Log in and open the mailbox, touching nothing (the admin's "test" button). */
    async function checkImap(): Promise<void> {
      const client = imapClient();
      client.on('error', () => undefined);
      try {
        await client.connect();
        const lock = await client.getMailboxLock(c.imapMailbox);
        lock.release();
        await client.logout();
      } catch (error) {
        client.close();
        throw new PluginError(`IMAP check: ${(error as Error).message}`, { kind: 'auth', cause: error });
      }
    }

    /**
     * Unseen mail → messages. Each batch is handed to `deliver` and marked `\\Seen` only once stored;
     * a mail that cannot be read is reported (`rejected`) and left unseen with REJECTED_KEYWORD.
     */
    async function poll(deliver: DeliverInbound): Promise<undefined> {
      if (!c.imapHost) return;
      const client = imapClient();
      client.on('error', (error: Error) => ctx.logger.warn({ err: error.message }, 'IMAP connection error'));
      const onAbort = () => client.close();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      try {
        await client.connect();
        const lock = await client.getMailboxLock(c.imapMailbox);
        try {
          const found = await client.search({ seen: false, unKeyword: REJECTED_KEYWORD }, { uid: true });
          const uids = (found || []).slice(0, BATCH);
          const messages = uids.length ? client.fetch(uids, { uid: true, source: true }, { uid: true }) : [];
          const events: InboundEvent[] = [];
          const done: number[] = [];
          const rejected: number[] = [];
          const reject = (uid: number, reason: string) => {
            rejected.push(uid);
            events.push({ type: 'rejected', reference: `IMAP UID ${uid} in ${c.imapMailbox}`, reason });
          };
          for await (const msg of messages) {
            if (!msg.source) {
              reject(msg.uid, 'the server sent no content for this mail');
              continue;
            }
            if (isAutoReply(msg.source.toString('utf8'))) {
              done.push(msg.uid);
              continue;
            }
            let event: Awaited<ReturnType<typeof parseEmail>>;
            try {
              event = await parseEmail(msg.source);
            } catch (error) {
              reject(msg.uid, `the mail could not be parsed: ${reasonOf(error)}`);
              continue;
            }
            if (!event) {
              reject(msg.uid, 'the mail has no sender address (From)');
              continue;
            }
            done.push(msg.uid);
            // Our own mail (a Bcc to the support address) is not the customer's.
            if (event.contact.externalId !== c.fromAddress.toLowerCase()) events.push(event);
          }
          // Stored first: if that fails nothing is flagged, and the next poll reads the same mail.
          if (events.length) await deliver(events);
          if (done.length) await client.messageFlagsAdd(done, ['\\Seen'], { uid: true });
          if (rejected.length) await client.messageFlagsAdd(rejected, [REJECTED_KEYWORD], { uid: true });
        } finally {
          lock.release();
        }
        await client.logout();
      } catch (error) {
        client.close();
        const e = error as { authenticationFailed?: boolean; message?: string };
        throw new PluginError(`IMAP poll: ${e.message ?? String(error)}`, {
          kind: e.authenticationFailed ? 'auth' : 'network',
          cause: error,
        });
      } finally {
        ctx.signal.removeEventListener('abort', onAbort);
      }
    }

    return {
      channel: {
        features: {
          attachments: true,
          maxAttachmentBytes: 20 * 1024 * 1024,
          threading: true,
          inbound: c.imapHost ? ['poll'] : [],
        },

        async send(message) {
          const messageId = `<${randomUUID()}@${domain}>`;
          const references = [...(message.references ?? [])];
          if (message.inReplyToExternalId && !references.includes(message.inReplyToExternalId)) {
            references.push(message.inReplyToExternalId);
          }
          const subject =
            message.subject ?? (c.fromName ? `Message from ${c.fromName}` : 'Your conversation');
          try {
            await transport.sendMail({
              from: { name: message.senderName ?? c.fromName ?? '', address: c.fromAddress },
              to: message.to.externalId,
              subject: message.inReplyToExternalId && !/^re:/i.test(subject) ? `Re: ${subject}` : subject,
              text: message.text,
              messageId,
              ...(message.inReplyToExternalId ? { inReplyTo: message.inReplyToExternalId } : {}),
              ...(references.length ? { references } : {}),
              attachments: (message.attachments ?? []).map((a) => ({
                filename: a.fileName,
                content: a.data,
                contentType: a.mimeType,
              })),
            });
          } catch (error) {
            throw smtpError(error, 'SMTP send');
          }
          return { externalMessageId: messageId };
        },

        ...(c.imapHost ? { poll } : {}),

        async sendTest({ to }) {
          try {
            await transport.verify();
          } catch (error) {
            throw smtpError(error, 'SMTP check');
          }
          if (c.imapHost) await checkImap();
          if (!to) return { detail: `SMTP${c.imapHost ? ' and IMAP' : ''} accepted the credentials` };
          await transport.sendMail({
            from: { name: c.fromName ?? 'Parley', address: c.fromAddress },
            to,
            subject: 'Parley test message',
            text: 'This is a test message from your Parley email channel.',
          });
          return { detail: `test message sent to ${to}` };
        },
      },
      dispose: () => transport.close(),
    };
  },
});
