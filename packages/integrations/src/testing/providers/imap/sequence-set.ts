/**
 * An IMAP sequence set (RFC 3501 §9 `sequence-set`): `1`, `2:4`, `5:*`, `1,3:5`. `*` is the largest
 * number in use (the message count for sequence numbers, the highest UID for UIDs); a range counts
 * in either direction (`4:2` is `2:4`).
 */
export type SequenceSet = (value: number, largest: number) => boolean;

const SEQUENCE_SET = /^(\d+|\*)(:(\d+|\*))?(,(\d+|\*)(:(\d+|\*))?)*$/;

/** The set's membership test, or undefined when `text` is no sequence set. */
export function parseSequenceSet(text: string): SequenceSet | undefined {
  if (!SEQUENCE_SET.test(text)) return undefined;
  const ranges = text.split(',').map((part) => {
    const [from, to = from] = part.split(':') as [string, string?];
    return { from, to };
  });
  if (ranges.some(({ from, to }) => from === '0' || to === '0')) return undefined;
  return (value, largest) =>
    ranges.some(({ from, to }) => {
      const a = from === '*' ? largest : Number(from);
      const b = to === '*' ? largest : Number(to);
      return value >= Math.min(a, b) && value <= Math.max(a, b);
    });
}
