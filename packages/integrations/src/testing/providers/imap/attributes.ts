import type { ImapAttribute } from 'imapflow/lib/handler/types.js';

/** The text of an atom, string, literal or number argument; undefined for a list or NIL. */
export function textOf(attribute: ImapAttribute | undefined): string | undefined {
  if (!attribute || Array.isArray(attribute)) return undefined;
  const { value } = attribute;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}
