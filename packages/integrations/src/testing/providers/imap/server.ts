import { type AddressInfo, createServer, type Socket } from 'node:net';
import { createMailStore } from './mail-store.js';
import { serveImapSession } from './session.js';

export interface FakeImapOptions {
  /** The one account's login. */
  user: string;
  pass: string;
  /** Mailboxes besides INBOX. */
  mailboxes?: string[];
}

/**
 * A local IMAP4rev1 server for tests, over plain TCP on 127.0.0.1 (no TLS: set `imapSecure: false`),
 * with one account and in-memory mailboxes. It speaks what a mail client needs to read a mailbox
 * (see README.md, "The fake IMAP server"); `deliver(raw)` drops a mail in as unseen.
 */
export async function startFakeImap(options: FakeImapOptions) {
  const store = createMailStore(options.mailboxes ?? []);
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A client that resets the connection is not the test's failure.
    socket.on('error', () => socket.destroy());
    serveImapSession(socket, { store, user: options.user, pass: options.pass });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    /** Drops a raw RFC 5322 message into a mailbox (INBOX unless named), with the given flags. */
    deliver(
      raw: string | Buffer,
      { mailbox = 'INBOX', flags = [] }: { mailbox?: string; flags?: string[] } = {},
    ) {
      store.append(mailbox, Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8'), flags);
    },
    /** Flags of every message of a mailbox (INBOX unless named), in order. */
    flags(mailbox = 'INBOX'): string[][] {
      const box = store.get(mailbox);
      if (!box) throw new Error(`fake IMAP server: no mailbox ${mailbox}`);
      return box.messages.map((m) => [...m.flags]);
    },
    /** Stops listening and drops the clients still connected. */
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
