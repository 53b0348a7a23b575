import type { ImapAttribute } from 'imapflow/lib/handler/types.js';
import { textOf } from './attributes.js';
import { ImapCommandError, notImplemented } from './command-error.js';
import { findFlag, type StoredMessage } from './mail-store.js';
import { parseSequenceSet } from './sequence-set.js';

/** Whether a message matches; `seq` is its sequence number, `count` and `maxUid` the mailbox's. */
export type SearchMatch = (
  message: StoredMessage,
  seq: number,
  mailbox: { count: number; maxUid: number },
) => boolean;

/** Search keys that test one flag: UNSEEN is "\Seen is not set". */
const FLAG_KEYS: Record<string, [flag: string, set: boolean]> = {
  SEEN: ['\\Seen', true],
  UNSEEN: ['\\Seen', false],
  ANSWERED: ['\\Answered', true],
  UNANSWERED: ['\\Answered', false],
  FLAGGED: ['\\Flagged', true],
  UNFLAGGED: ['\\Flagged', false],
  DELETED: ['\\Deleted', true],
  UNDELETED: ['\\Deleted', false],
  DRAFT: ['\\Draft', true],
  UNDRAFT: ['\\Draft', false],
};

/**
 * SEARCH criteria (RFC 3501 §6.4.4) → a match. Covers the flag keys, KEYWORD/UNKEYWORD, UID and
 * sequence sets, ALL, NOT, OR and parenthesised groups; dates, sizes and text searches are refused
 * as not implemented.
 */
export function compileSearch(attributes: readonly ImapAttribute[]): SearchMatch {
  const tokens = [...attributes];
  if (textOf(tokens[0])?.toUpperCase() === 'CHARSET') {
    const charset = textOf(tokens[1])?.toUpperCase();
    if (charset !== 'US-ASCII' && charset !== 'UTF-8')
      throw new ImapCommandError('NO', 'unsupported charset', 'BADCHARSET');
    tokens.splice(0, 2);
  }
  let pos = 0;
  const key = (): SearchMatch => {
    const token = tokens[pos++];
    if (Array.isArray(token)) return compileSearch(token);
    const word = textOf(token);
    if (word === undefined) throw new ImapCommandError('BAD', 'a search key is missing');
    const upper = word.toUpperCase();
    const flagKey = FLAG_KEYS[upper];
    if (flagKey) {
      const [flag, set] = flagKey;
      return (message) => (findFlag(message.flags, flag) !== undefined) === set;
    }
    switch (upper) {
      case 'ALL':
        return () => true;
      case 'KEYWORD':
      case 'UNKEYWORD': {
        const keyword = textOf(tokens[pos++]);
        if (!keyword) throw new ImapCommandError('BAD', `${upper} needs a keyword`);
        return (message) => (findFlag(message.flags, keyword) !== undefined) === (upper === 'KEYWORD');
      }
      case 'UID': {
        const set = parseSequenceSet(textOf(tokens[pos++]) ?? '');
        if (!set) throw new ImapCommandError('BAD', 'UID needs a sequence set');
        return (message, _seq, mailbox) => set(message.uid, mailbox.maxUid);
      }
      case 'NOT': {
        const inner = key();
        return (...match) => !inner(...match);
      }
      case 'OR': {
        const left = key();
        const right = key();
        return (...match) => left(...match) || right(...match);
      }
    }
    const set = parseSequenceSet(word);
    if (set) return (_message, seq, mailbox) => set(seq, mailbox.count);
    throw notImplemented(`the search key ${upper}`);
  };
  const keys: SearchMatch[] = [];
  while (pos < tokens.length) keys.push(key());
  if (!keys.length) throw new ImapCommandError('BAD', 'SEARCH needs a search key');
  return (...match) => keys.every((k) => k(...match));
}
