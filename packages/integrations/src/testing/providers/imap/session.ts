import type { Socket } from 'node:net';
import { parser } from 'imapflow/lib/handler/imap-handler.js';
import type { ImapAttribute } from 'imapflow/lib/handler/types.js';
import { textOf } from './attributes.js';
import { ImapCommandError, notImplemented } from './command-error.js';
import { createCommandReader } from './command-reader.js';
import { fetchResponses } from './fetch.js';
import { findFlag, type Mailbox, type MailStore, SYSTEM_FLAGS } from './mail-store.js';
import { compileSearch } from './search.js';
import { parseSequenceSet } from './sequence-set.js';
import { flagList, quoted } from './wire.js';

export interface SessionOptions {
  store: MailStore;
  user: string;
  pass: string;
}

/** Before login the client may authenticate with LOGIN or AUTHENTICATE PLAIN (with SASL-IR). */
const CAPABILITIES_BEFORE_LOGIN = 'IMAP4rev1 LITERAL+ SASL-IR ID IDLE UNSELECT AUTH=PLAIN';
const CAPABILITIES = 'IMAP4rev1 LITERAL+ ID IDLE UNSELECT';

type State = 'not-authenticated' | 'authenticated' | 'selected';

interface Selected {
  mailbox: Mailbox;
  readOnly: boolean;
  /** The message count this client was last told (EXISTS). */
  announced: number;
  onAppend: () => void;
}

/** The answer to a command that ended the session: nothing more is read or written. */
const LOGGED_OUT = Symbol('logged out');

/**
 * One client's IMAP4rev1 session (RFC 3501) over `socket`, against the store's mailboxes. Commands
 * run one at a time, in order. What the fake does not implement is answered `BAD … is not
 * implemented by the fake IMAP server`.
 */
export function serveImapSession(socket: Socket, options: SessionOptions): void {
  const write = (data: string | Buffer) => {
    if (!socket.destroyed && socket.writable) socket.write(data);
  };
  const untagged = (line: string) => write(`* ${line}\r\n`);
  const reader = createCommandReader(socket, () => write('+ Ready for literal data\r\n'));
  let state: State = 'not-authenticated';
  let selected: Selected | undefined;
  let idling = false;

  /**
   * Tells the client of mail that arrived since it last heard (RFC 3501 §7.3.1). Only growth: the
   * fake does not announce expunges (EXPUNGE responses) to other sessions.
   */
  const announceNewMail = () => {
    if (!selected) return;
    const count = selected.mailbox.messages.length;
    if (count <= selected.announced) return;
    selected.announced = count;
    untagged(`${count} EXISTS`);
  };

  const deselect = () => {
    selected?.mailbox.listeners.delete(selected.onAppend);
    selected = undefined;
    if (state === 'selected') state = 'authenticated';
  };

  const requireState = (...allowed: State[]) => {
    if (!allowed.includes(state)) {
      throw new ImapCommandError(
        'BAD',
        `command not allowed ${state === 'not-authenticated' ? 'before login' : 'now'}`,
      );
    }
  };

  const selectedMailbox = (): Selected => {
    requireState('selected');
    return selected as Selected;
  };

  const login = (user: string | undefined, pass: string | undefined): string => {
    if (user !== options.user || pass !== options.pass) {
      throw new ImapCommandError('NO', 'Invalid credentials', 'AUTHENTICATIONFAILED');
    }
    state = 'authenticated';
    return `[CAPABILITY ${CAPABILITIES}] Logged in`;
  };

  async function authenticate(mechanism: string, args: ImapAttribute[]): Promise<string | typeof LOGGED_OUT> {
    requireState('not-authenticated');
    if (mechanism !== 'PLAIN') throw new ImapCommandError('NO', `unsupported mechanism ${mechanism}`);
    let response = textOf(args[0]);
    if (response === undefined) {
      write('+ \r\n');
      response = (await reader.next())?.line.toString('latin1');
      if (response === undefined) return LOGGED_OUT;
    }
    if (response === '*') throw new ImapCommandError('BAD', 'authentication cancelled');
    const [authzid, user, pass] = Buffer.from(response === '=' ? '' : response, 'base64')
      .toString('utf8')
      .split('\0');
    if (authzid && authzid !== user)
      throw new ImapCommandError('NO', 'Invalid credentials', 'AUTHENTICATIONFAILED');
    return login(user, pass);
  }

  function select(args: ImapAttribute[], readOnly: boolean): string {
    requireState('authenticated', 'selected');
    if (args.length !== 1) throw notImplemented('SELECT/EXAMINE parameters');
    deselect();
    const mailbox = options.store.get(textOf(args[0]) ?? '');
    if (!mailbox) throw new ImapCommandError('NO', 'Unknown mailbox', 'NONEXISTENT');
    const keywords = new Set(
      mailbox.messages.flatMap((m) => [...m.flags]).filter((f) => !f.startsWith('\\')),
    );
    untagged(`FLAGS ${flagList([...SYSTEM_FLAGS, ...keywords])}`);
    untagged(`OK [PERMANENTFLAGS ${readOnly ? '()' : flagList([...SYSTEM_FLAGS, '\\*'])}] Flags permitted`);
    untagged(`${mailbox.messages.length} EXISTS`);
    untagged('0 RECENT');
    untagged(`OK [UIDVALIDITY ${mailbox.uidValidity}] UIDs valid`);
    untagged(`OK [UIDNEXT ${mailbox.uidNext}] Predicted next UID`);
    const current: Selected = {
      mailbox,
      readOnly,
      announced: mailbox.messages.length,
      onAppend: () => {
        if (idling) announceNewMail();
      },
    };
    mailbox.listeners.add(current.onAppend);
    selected = current;
    state = 'selected';
    return `[${readOnly ? 'READ-ONLY' : 'READ-WRITE'}] ${readOnly ? 'EXAMINE' : 'SELECT'} completed`;
  }

  function list(args: ImapAttribute[], command: string): string {
    requireState('authenticated', 'selected');
    const reference = textOf(args[0]) ?? '';
    const pattern = textOf(args[1]);
    if (pattern === undefined)
      throw new ImapCommandError('BAD', `${command} needs a reference and a mailbox name`);
    if (pattern === '') {
      // The hierarchy delimiter and root (RFC 3501 §6.3.8).
      untagged(`${command} (\\Noselect) "/" ""`);
      return `${command} completed`;
    }
    const glob = (reference + pattern)
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/%/g, '[^/]*');
    const matches = new RegExp(`^${glob}$`);
    for (const name of options.store.names()) {
      if (matches.test(name) || (name === 'INBOX' && matches.test(name.toLowerCase()))) {
        untagged(`${command} (\\HasNoChildren) "/" ${quoted(name)}`);
      }
    }
    return `${command} completed`;
  }

  function search(args: ImapAttribute[], byUid: boolean): string {
    const { mailbox } = selectedMailbox();
    const match = compileSearch(args);
    const counts = { count: mailbox.messages.length, maxUid: mailbox.messages.at(-1)?.uid ?? 0 };
    const found = mailbox.messages.flatMap((message, i) =>
      match(message, i + 1, counts) ? [byUid ? message.uid : i + 1] : [],
    );
    untagged(['SEARCH', ...found].join(' '));
    return `${byUid ? 'UID ' : ''}SEARCH completed`;
  }

  function fetch(args: ImapAttribute[], byUid: boolean): string {
    const { mailbox, readOnly } = selectedMailbox();
    if (args.length !== 2) throw new ImapCommandError('BAD', 'FETCH needs a sequence set and data items');
    for (const response of fetchResponses(mailbox, args, { byUid, readOnly })) write(response);
    return `${byUid ? 'UID ' : ''}FETCH completed`;
  }

  function store(args: ImapAttribute[], byUid: boolean): string {
    const { mailbox, readOnly } = selectedMailbox();
    const set = parseSequenceSet(textOf(args[0]) ?? '');
    const operation = /^([+-]?)FLAGS(\.SILENT)?$/i.exec(textOf(args[1]) ?? '');
    if (!set || !operation || args.length < 3) {
      throw new ImapCommandError('BAD', 'STORE needs a sequence set, [+|-]FLAGS[.SILENT] and flags');
    }
    if (readOnly) throw new ImapCommandError('NO', 'the mailbox is read-only (EXAMINE)');
    const flags = (Array.isArray(args[2]) ? args[2] : args.slice(2)).map((flag) => {
      const text = textOf(flag) ?? '';
      if (text.startsWith('\\')) {
        const system = findFlag(SYSTEM_FLAGS, text);
        if (!system) throw new ImapCommandError('BAD', `${text} is no flag a client may set`);
        return system;
      }
      if (!/^[^\s(){%*"\\\]]+$/.test(text))
        throw new ImapCommandError('BAD', `${JSON.stringify(text)} is no keyword`);
      return text;
    });
    const [, sign, silent] = operation;
    const maxUid = mailbox.messages.at(-1)?.uid ?? 0;
    mailbox.messages.forEach((message, i) => {
      if (!(byUid ? set(message.uid, maxUid) : set(i + 1, mailbox.messages.length))) return;
      if (!sign) message.flags.clear();
      for (const flag of flags) {
        const present = findFlag(message.flags, flag);
        if (sign === '-') {
          if (present) message.flags.delete(present);
        } else if (!present) message.flags.add(flag);
      }
      if (!silent)
        untagged(`${i + 1} FETCH (FLAGS ${flagList(message.flags)}${byUid ? ` UID ${message.uid}` : ''})`);
    });
    return `${byUid ? 'UID ' : ''}STORE completed`;
  }

  async function idle(): Promise<string | typeof LOGGED_OUT> {
    requireState('authenticated', 'selected');
    write('+ idling\r\n');
    idling = true;
    announceNewMail();
    const done = await reader.next();
    idling = false;
    if (done === undefined) return LOGGED_OUT;
    if (done.line.toString('latin1').trim().toUpperCase() !== 'DONE')
      throw new ImapCommandError('BAD', 'expected DONE');
    return 'IDLE terminated';
  }

  async function execute(command: string, args: ImapAttribute[]): Promise<string | typeof LOGGED_OUT> {
    if (command.startsWith('AUTHENTICATE ')) return authenticate(command.slice('AUTHENTICATE '.length), args);
    switch (command) {
      case 'CAPABILITY':
        untagged(`CAPABILITY ${state === 'not-authenticated' ? CAPABILITIES_BEFORE_LOGIN : CAPABILITIES}`);
        return 'CAPABILITY completed';
      case 'NOOP':
        return 'NOOP completed';
      case 'ID':
        untagged('ID ("name" "parley-fake-imap")');
        return 'ID completed';
      case 'LOGOUT':
        return LOGGED_OUT;
      case 'LOGIN':
        requireState('not-authenticated');
        return login(textOf(args[0]), textOf(args[1]));
      case 'LIST':
      case 'LSUB':
        return list(args, command);
      case 'SELECT':
        return select(args, false);
      case 'EXAMINE':
        return select(args, true);
      case 'CHECK':
        selectedMailbox();
        return 'CHECK completed';
      case 'CLOSE': {
        const { mailbox, readOnly } = selectedMailbox();
        if (!readOnly) mailbox.messages = mailbox.messages.filter((m) => !findFlag(m.flags, '\\Deleted'));
        deselect();
        return 'CLOSE completed';
      }
      case 'UNSELECT':
        selectedMailbox();
        deselect();
        return 'UNSELECT completed';
      case 'IDLE':
        return idle();
      case 'SEARCH':
      case 'UID SEARCH':
        return search(args, command.startsWith('UID'));
      case 'FETCH':
      case 'UID FETCH':
        return fetch(args, command.startsWith('UID'));
      case 'STORE':
      case 'UID STORE':
        return store(args, command.startsWith('UID'));
      default:
        throw notImplemented(command);
    }
  }

  async function run(): Promise<void> {
    untagged(`OK [CAPABILITY ${CAPABILITIES_BEFORE_LOGIN}] Parley's fake IMAP server ready`);
    for (;;) {
      const received = await reader.next();
      if (received === undefined) break;
      let tag = '*';
      try {
        const parsed = await parser(received.line, { literalPlus: true, literals: received.literals });
        tag = parsed.tag ?? '*';
        const result = await execute((parsed.command ?? '').toUpperCase(), parsed.attributes ?? []);
        if (result === LOGGED_OUT) {
          untagged('BYE Logging out');
          write(`${tag} OK LOGOUT completed\r\n`);
          break;
        }
        announceNewMail();
        write(`${tag} OK ${result}\r\n`);
      } catch (error) {
        tag = (error as { parsedTag?: string }).parsedTag ?? tag;
        if (error instanceof ImapCommandError) {
          write(`${tag} ${error.status} ${error.code ? `[${error.code}] ` : ''}${error.message}\r\n`);
        } else {
          write(`${tag} BAD ${(error as Error).message.replace(/[\r\n]+/g, ' ')}\r\n`);
        }
      }
    }
    deselect();
    socket.end();
  }

  void run();
}
