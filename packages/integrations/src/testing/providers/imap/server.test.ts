import { connect } from 'node:net';
import { ImapFlow } from 'imapflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSequenceSet } from './sequence-set.js';
import { startFakeImap } from './server.js';

const account = { user: 'support@acme.test', pass: 'pa"ss wörd' };
const mail = (id: string, body = 'hello') =>
  `From: customer@example.org\r\nTo: support@acme.test\r\nSubject: ${id}\r\nMessage-ID: <${id}@example.org>\r\n\r\n${body}\r\n`;

/** A client that writes raw protocol lines and reads until the tagged answer. */
async function rawClient(port: number) {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  let check: (() => void) | undefined;
  socket.on('data', (data: Buffer) => {
    received += data.toString('latin1');
    check?.();
  });
  const waitFor = (pattern: RegExp) =>
    new Promise<string>((resolve) => {
      check = () => {
        const match = pattern.exec(received);
        if (!match) return;
        const upTo = match.index + match[0].length;
        const text = received.slice(0, upTo);
        received = received.slice(upTo);
        check = undefined;
        resolve(text);
      };
      check();
    });
  await waitFor(/^\* OK .*\r\n/);
  return {
    waitFor,
    write: (text: string) => socket.write(text),
    /** Sends a command and resolves with everything up to and including its tagged answer. */
    command(line: string) {
      const tag = line.split(' ')[0];
      socket.write(`${line}\r\n`);
      return waitFor(new RegExp(`(^|\\r\\n)${tag} (OK|NO|BAD)[^\\r]*\\r\\n`));
    },
    close: () => socket.destroy(),
  };
}

let imap: Awaited<ReturnType<typeof startFakeImap>>;
beforeEach(async () => {
  imap = await startFakeImap({ ...account, mailboxes: ['Archive'] });
});
afterEach(() => imap.close());

function imapflow(auth: { user: string; pass: string; loginMethod?: string } = account) {
  const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, auth, logger: false });
  client.on('error', () => undefined);
  return client;
}

describe('the fake IMAP server, as imapflow uses it', () => {
  it('logs in with AUTHENTICATE PLAIN and with LOGIN, and refuses a wrong password as an authentication failure', async () => {
    for (const loginMethod of [undefined, 'LOGIN']) {
      const client = imapflow({ ...account, ...(loginMethod ? { loginMethod } : {}) });
      await client.connect();
      expect(client.authenticated).toBeTruthy();
      await client.logout();
    }
    const wrong = imapflow({ ...account, pass: 'nope' });
    await expect(wrong.connect()).rejects.toMatchObject({ authenticationFailed: true });
  });

  it('searches unseen mail without a keyword, fetches its source and stores flags and keywords', async () => {
    imap.deliver(mail('one'));
    imap.deliver(mail('two'), { flags: ['\\Seen'] });
    imap.deliver(mail('three'), { flags: ['$Rejected'] });
    const client = imapflow();
    await client.connect();
    const lock = await client.getMailboxLock('INBOX');
    try {
      expect(await client.search({ seen: false, unKeyword: '$Rejected' }, { uid: true })).toEqual([1]);
      expect(await client.search({ keyword: '$rejected' }, { uid: true })).toEqual([3]);
      const fetched = [];
      for await (const m of client.fetch('1:*', { uid: true, source: true, flags: true }, { uid: true })) {
        fetched.push([m.uid, m.source?.toString(), [...(m.flags ?? [])]]);
      }
      expect(fetched).toEqual([
        [1, mail('one'), []],
        [2, mail('two'), ['\\Seen']],
        [3, mail('three'), ['$Rejected']],
      ]);
      // BODY.PEEK[] left \Seen alone.
      expect(imap.flags()[0]).toEqual([]);
      await client.messageFlagsAdd([1, 3], ['\\Seen', '$Done'], { uid: true });
      await client.messageFlagsRemove('2', ['\\Seen'], { uid: true });
      expect(imap.flags()).toEqual([['\\Seen', '$Done'], [], ['$Rejected', '\\Seen', '$Done']]);
      expect(imap.flags('Archive')).toEqual([]);
    } finally {
      lock.release();
    }
    await client.logout();
  });
});

describe('the fake IMAP server, on the wire', () => {
  it('asks for a synchronizing literal and takes SASL-IR', async () => {
    const raw = await rawClient(imap.port);
    raw.write('a1 LOGIN {17}\r\n');
    await raw.waitFor(/^\+ .*\r\n/);
    raw.write('support@acme.test {11}\r\n');
    await raw.waitFor(/^\+ .*\r\n/);
    raw.write('pa"ss wörd\r\n');
    expect(await raw.waitFor(/^a1 .*\r\n/)).toMatch(/^a1 OK \[CAPABILITY /);
    raw.close();
    const sasl = await rawClient(imap.port);
    const plain = Buffer.from(`\0${account.user}\0${account.pass}`).toString('base64');
    expect(await sasl.command(`a1 AUTHENTICATE PLAIN ${plain}`)).toMatch(/^a1 OK /);
    sasl.close();
  });

  it('sets \\Seen when BODY[] is read (not with PEEK), serves HEADER, TEXT and partial ranges', async () => {
    imap.deliver(mail('one', 'the body'));
    const raw = await rawClient(imap.port);
    await raw.command(`a1 LOGIN "${account.user}" {${Buffer.byteLength(account.pass)}+}\r\n${account.pass}`);
    expect(await raw.command('a2 SELECT INBOX')).toContain('a2 OK [READ-WRITE]');
    expect(await raw.command('a3 FETCH 1 (BODY.PEEK[HEADER] BODY.PEEK[TEXT]<4.4>)')).toBe(
      `* 1 FETCH (BODY[HEADER] {${mail('one').indexOf('\r\n\r\n') + 4}}\r\n${mail('one').split('\r\n\r\n')[0]}\r\n\r\n BODY[TEXT]<4> {4}\r\nbody)\r\na3 OK FETCH completed\r\n`,
    );
    expect(await raw.command('a4 UID FETCH 1 (BODY[TEXT])')).toBe(
      '* 1 FETCH (UID 1 BODY[TEXT] {10}\r\nthe body\r\n FLAGS (\\Seen))\r\na4 OK UID FETCH completed\r\n',
    );
    raw.close();
  });

  it('announces mail that arrives while the client idles, and before the next answer otherwise', async () => {
    const raw = await rawClient(imap.port);
    await raw.command(`a1 LOGIN "${account.user}" {${Buffer.byteLength(account.pass)}+}\r\n${account.pass}`);
    expect(await raw.command('a2 SELECT INBOX')).toContain('* 0 EXISTS');
    raw.write('a3 IDLE\r\n');
    await raw.waitFor(/^\+ idling\r\n/);
    imap.deliver(mail('one'));
    await raw.waitFor(/^\* 1 EXISTS\r\n/);
    raw.write('DONE\r\n');
    expect(await raw.waitFor(/^a3 .*\r\n/)).toBe('a3 OK IDLE terminated\r\n');
    imap.deliver(mail('two'));
    expect(await raw.command('a4 NOOP')).toBe('* 2 EXISTS\r\na4 OK NOOP completed\r\n');
    raw.close();
  });

  it('refuses STORE in a mailbox opened with EXAMINE, and what it does not implement by name', async () => {
    imap.deliver(mail('one'));
    const raw = await rawClient(imap.port);
    expect(await raw.command('a1 SELECT INBOX')).toMatch(/^a1 BAD command not allowed before login/);
    await raw.command(`a2 LOGIN "${account.user}" {${Buffer.byteLength(account.pass)}+}\r\n${account.pass}`);
    expect(await raw.command('a3 EXAMINE Nowhere')).toMatch(/^a3 NO \[NONEXISTENT\]/);
    expect(await raw.command('a4 EXAMINE INBOX')).toContain('a4 OK [READ-ONLY]');
    expect(await raw.command('a5 STORE 1 +FLAGS (\\Seen)')).toMatch(/^a5 NO the mailbox is read-only/);
    expect(await raw.command('a6 FETCH 1 (BODY[])')).not.toContain('\\Seen');
    expect(await raw.command('a7 FETCH 1 (ENVELOPE)')).toMatch(
      /a7 BAD the data item ENVELOPE is not implemented/,
    );
    expect(await raw.command('a8 SEARCH SINCE 1-Jan-2026')).toMatch(
      /a8 BAD the search key SINCE is not implemented/,
    );
    expect(await raw.command('a9 APPEND INBOX {3+}\r\nabc')).toMatch(/a9 BAD APPEND is not implemented/);
    expect(await raw.command('b1 LOGOUT')).toBe('* BYE Logging out\r\nb1 OK LOGOUT completed\r\n');
    raw.close();
  });
});

describe('sequence sets', () => {
  it('read numbers, ranges in either direction and * as the largest', () => {
    const set = parseSequenceSet('2,4:5,9:*');
    expect([1, 2, 3, 4, 5, 6, 9, 12].filter((n) => set?.(n, 12))).toEqual([2, 4, 5, 9, 12]);
    expect([1, 2, 3].filter((n) => parseSequenceSet('3:1')?.(n, 3))).toEqual([1, 2, 3]);
    expect(parseSequenceSet('0:3')).toBeUndefined();
    expect(parseSequenceSet('1,,2')).toBeUndefined();
  });
});
