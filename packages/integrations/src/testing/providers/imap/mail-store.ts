/** A message as the fake IMAP server keeps it. */
export interface StoredMessage {
  uid: number;
  /** System flags (`\Seen`…) and keywords (`$Forwarded`…), in the order they were set. */
  flags: Set<string>;
  raw: Buffer;
  internalDate: Date;
}

export interface Mailbox {
  name: string;
  uidValidity: number;
  uidNext: number;
  messages: StoredMessage[];
  /** Called after a message arrives (sessions that selected the mailbox announce it). */
  listeners: Set<() => void>;
}

/** The mailboxes of the fake server's one user, in memory. */
export interface MailStore {
  names(): string[];
  /** The mailbox by name (`INBOX` in any case, other names exactly), or undefined. */
  get(name: string): Mailbox | undefined;
  append(name: string, raw: Buffer, flags?: string[]): StoredMessage;
}

/** The system flags of IMAP4rev1 (`\Recent` is the server's alone), spelled as servers send them. */
export const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'];

/** Flags and keywords compare without regard to case (RFC 3501 §2.3.2). */
export function findFlag(flags: Iterable<string>, flag: string): string | undefined {
  const wanted = flag.toLowerCase();
  for (const present of flags) if (present.toLowerCase() === wanted) return present;
  return undefined;
}

export function createMailStore(names: string[]): MailStore {
  const mailboxes = new Map<string, Mailbox>();
  const uidValidity = Math.floor(Date.now() / 1000);
  for (const name of new Set(['INBOX', ...names])) {
    mailboxes.set(name, { name, uidValidity, uidNext: 1, messages: [], listeners: new Set() });
  }
  const get = (name: string) => mailboxes.get(name.toUpperCase() === 'INBOX' ? 'INBOX' : name);
  return {
    names: () => [...mailboxes.keys()],
    get,
    append(name, raw, flags = []) {
      const mailbox = get(name);
      if (!mailbox) throw new Error(`fake IMAP server: no mailbox ${name}`);
      const message = { uid: mailbox.uidNext++, flags: new Set(flags), raw, internalDate: new Date() };
      mailbox.messages.push(message);
      for (const listener of mailbox.listeners) listener();
      return message;
    },
  };
}
