/**
 * J3: what an uploaded console log may keep. The console redacts with this same module (the export
 * `@parley/api/client-log-redact`) before it stores an entry; the server does it again on upload,
 * because the body comes from the client and is hostile input. Kept: ids, codes, procedure paths, error class names, our own script frames. Dropped: email
 * addresses, phone-like numbers, long tokens, URL queries and fragments, long quoted text (where a
 * message's contents would show up), and anything past a bounded length.
 */
export const MESSAGE_MAX = 300;
export const STACK_MAX_FRAMES = 6;
export const FRAME_MAX = 200;
/** Quoted text longer than this is replaced: a property name fits, a chat message does not. */
const QUOTED_MAX = 32;

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

export function redactText(input: string, max = MESSAGE_MAX): string {
  // Ids (UUIDs) are kept as they are: they are set aside before the patterns below run.
  const ids: string[] = [];
  let text = input
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we strip.
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
    .replace(UUID, (id) => `\u0000${ids.push(id) - 1}\u0000`)
    .replace(/\b[\w.%+-]+@[\w-]+(\.[\w-]+)+\b/g, '[email]')
    .replace(/(https?:\/\/[^\s?#'"]*)[?#][^\s'"]*/g, '$1?[…]')
    .replace(/(["'`])([^"'`\n]*)\1/g, (whole, quote: string, inner: string) =>
      inner.length > QUOTED_MAX ? `${quote}[text]${quote}` : whole,
    )
    .replace(/[A-Za-z0-9_-]{32,}/g, (run) => (/\d/.test(run) && /[A-Za-z]/.test(run) ? '[token]' : run))
    .replace(/\+?\d[\d ().-]{6,}\d/g, (run) => (run.replace(/\D/g, '').length >= 7 ? '[number]' : run))
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the markers set aside above.
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => ids[Number(i)] ?? '');
  if (text.length > max) text = `${text.slice(0, max - 1)}…`;
  return text;
}

/** A stack keeps its first frames, each redacted (a frame's URL loses its query). */
export function redactStack(stack: string): string {
  return stack
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(0, STACK_MAX_FRAMES + 1)
    .map((line) => redactText(line, FRAME_MAX))
    .join('\n');
}

/** A console route keeps its shape and ids; the secret in an invitation or reset link does not. */
export function redactRoute(pathname: string): string {
  return redactText(
    pathname.replace(/^\/(invite|reset-password|verify-email)\/[^/]+/, '/$1/[token]').replace(/[?#].*$/, ''),
    200,
  );
}
