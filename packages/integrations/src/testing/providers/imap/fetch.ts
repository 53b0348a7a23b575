import type { ImapAttribute, ImapAttributeNode } from 'imapflow/lib/handler/types.js';
import { textOf } from './attributes.js';
import { ImapCommandError, notImplemented } from './command-error.js';
import { findFlag, type Mailbox, type StoredMessage } from './mail-store.js';
import { parseSequenceSet } from './sequence-set.js';
import { flagList, imapDateTime, literal } from './wire.js';

/** One data item of a FETCH, as the response names it and how to produce it. */
interface FetchItem {
  /** Whether reading it sets \Seen (BODY[…] and RFC822, not BODY.PEEK[…]). */
  setsSeen: boolean;
  render(message: StoredMessage): string | Buffer;
}

/** The header and the body of a message, split at the first empty line. */
function split(raw: Buffer): { header: Buffer; text: Buffer } {
  for (const separator of ['\r\n\r\n', '\n\n']) {
    const at = raw.indexOf(separator);
    if (at >= 0)
      return { header: raw.subarray(0, at + separator.length), text: raw.subarray(at + separator.length) };
  }
  return { header: raw, text: Buffer.alloc(0) };
}

const CONTENTS: Record<string, (raw: Buffer) => Buffer> = {
  '': (raw) => raw,
  HEADER: (raw) => split(raw).header,
  TEXT: (raw) => split(raw).text,
};

function contents(name: string, part: string, setsSeen: boolean, partial?: number[]): FetchItem {
  const read = CONTENTS[part];
  if (!read) throw notImplemented(`the body section [${part}]`);
  const [start = 0, length] = partial ?? [];
  return {
    setsSeen,
    render(message) {
      const whole = read(message.raw);
      const bytes = partial
        ? whole.subarray(start, length === undefined ? undefined : start + length)
        : whole;
      return Buffer.concat([Buffer.from(`${name}${partial ? `<${start}>` : ''} `), literal(bytes)]);
    },
  };
}

/**
 * The data items the fake serves: UID, FLAGS, RFC822.SIZE, INTERNALDATE, BODY[] / BODY.PEEK[] with
 * the sections HEADER and TEXT and a partial range, and RFC822 / RFC822.HEADER / RFC822.TEXT.
 * ENVELOPE, BODYSTRUCTURE, numbered body parts and the macros (ALL, FAST, FULL) are refused.
 */
function fetchItem(attribute: ImapAttribute): FetchItem {
  const name = textOf(attribute)?.toUpperCase() ?? '';
  const node = attribute as ImapAttributeNode;
  if (node.section) {
    if (name !== 'BODY' && name !== 'BODY.PEEK') throw notImplemented(`the data item ${name}[…]`);
    if (node.section.length > 1) throw notImplemented('a body section with header fields');
    const part = (textOf(node.section[0]) ?? '').toUpperCase();
    return contents(`BODY[${part}]`, part, name === 'BODY', node.partial);
  }
  switch (name) {
    case 'UID':
      return { setsSeen: false, render: (m) => `UID ${m.uid}` };
    case 'FLAGS':
      return { setsSeen: false, render: (m) => `FLAGS ${flagList(m.flags)}` };
    case 'RFC822.SIZE':
      return { setsSeen: false, render: (m) => `RFC822.SIZE ${m.raw.length}` };
    case 'INTERNALDATE':
      return { setsSeen: false, render: (m) => `INTERNALDATE ${imapDateTime(m.internalDate)}` };
    case 'RFC822':
      return contents('RFC822', '', true);
    case 'RFC822.HEADER':
      return contents('RFC822.HEADER', 'HEADER', false);
    case 'RFC822.TEXT':
      return contents('RFC822.TEXT', 'TEXT', true);
    default:
      throw notImplemented(`the data item ${name || JSON.stringify(attribute)}`);
  }
}

/**
 * The untagged FETCH responses for `FETCH set items` (or UID FETCH, which always includes UID).
 * Reading a body sets \Seen unless the mailbox is read-only, and the response then carries the flags.
 */
export function fetchResponses(
  mailbox: Mailbox,
  [setArgument, itemsArgument]: ImapAttribute[],
  { byUid, readOnly }: { byUid: boolean; readOnly: boolean },
): Buffer[] {
  const set = parseSequenceSet(textOf(setArgument) ?? '');
  if (!set) throw new ImapCommandError('BAD', 'FETCH needs a sequence set');
  const requested = Array.isArray(itemsArgument) ? itemsArgument : [itemsArgument ?? null];
  const names = requested.map((item) => textOf(item)?.toUpperCase());
  const items = requested.map(fetchItem);
  if (byUid && !names.includes('UID')) items.unshift(fetchItem({ type: 'ATOM', value: 'UID' }));
  const flagsItem = names.includes('FLAGS') ? undefined : fetchItem({ type: 'ATOM', value: 'FLAGS' });
  const maxUid = mailbox.messages.at(-1)?.uid ?? 0;
  const responses: Buffer[] = [];
  mailbox.messages.forEach((message, i) => {
    if (!(byUid ? set(message.uid, maxUid) : set(i + 1, mailbox.messages.length))) return;
    const markSeen = !readOnly && items.some((item) => item.setsSeen) && !findFlag(message.flags, '\\Seen');
    if (markSeen) message.flags.add('\\Seen');
    const parts = [...items, ...(markSeen && flagsItem ? [flagsItem] : [])].map((item) =>
      item.render(message),
    );
    const joined = parts.flatMap((part, n) => (n ? [Buffer.from(' '), part] : [part]));
    responses.push(
      Buffer.concat([
        Buffer.from(`* ${i + 1} FETCH (`),
        ...joined.map((p) => Buffer.from(p)),
        Buffer.from(')\r\n'),
      ]),
    );
  });
  return responses;
}
