/** Writing IMAP's data formats (RFC 3501 §4) in the fake's responses. */

/** A quoted string. The fake only ever sends printable ASCII this way (names, ids). */
export function quoted(value: string): string {
  if (/[^\x20-\x7e]/.test(value)) throw new Error(`fake IMAP server: cannot quote ${JSON.stringify(value)}`);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function flagList(flags: Iterable<string>): string {
  return `(${[...flags].join(' ')})`;
}

/** A literal: `{size}` CRLF and the bytes, as message contents travel. */
export function literal(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`{${data.length}}\r\n`), data]);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `date-time` as INTERNALDATE carries it: "07-Dec-2026 06:31:57 +0000". */
export function imapDateTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${pad(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `"${day} ${time} +0000"`;
}
