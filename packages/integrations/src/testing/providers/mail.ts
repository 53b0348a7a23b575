import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

/**
 * A local SMTP server (smtp-server) that keeps what it receives. With `user` and `pass` it requires
 * AUTH PLAIN/LOGIN with them (a channel's SMTP account); without, it takes mail from anyone (the
 * server's own mailer).
 */
export async function startFakeSmtp(options?: { user: string; pass: string }) {
  const received: ReceivedMail[] = [];
  const onReceived = new Set<() => void>();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: !options,
    logger: false,
    onAuth(auth, _session, callback) {
      if (options && auth.username === options.user && auth.password === options.pass)
        return callback(null, { user: auth.username });
      callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          parsed: await simpleParser(raw),
        });
        for (const listener of onReceived) listener();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    received,
    /** Resolves once `count` mails have arrived in all; fails after `timeoutMs`. */
    waitForMail(count: number, timeoutMs = 15_000): Promise<ReceivedMail[]> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          clearTimeout(timer);
          onReceived.delete(check);
          resolve(received);
        };
        const timer = setTimeout(() => {
          onReceived.delete(check);
          reject(
            new Error(`fake SMTP server: ${received.length} of ${count} mails arrived in ${timeoutMs} ms`),
          );
        }, timeoutMs);
        onReceived.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * RFC 5322 Appendix A.6.3's example of obsolete syntax readers must accept: white space between
 * field names and their colons. Addressed to `to`.
 */
export function obsoleteSyntaxMail(to: string): string {
  return [
    'From  : John Doe <jdoe@machine.example>',
    `To    : ${to}`,
    'Subject     : Saying Hello',
    'Date  : Fri, 21 Nov 1997 09:55:06 -0600',
    'Message-ID  : <1234@local.machine.example>',
    '',
    'This is a message just to say hello.',
    '',
  ].join('\r\n');
}
