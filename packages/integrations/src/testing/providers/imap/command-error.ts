/**
 * A command the fake refuses: `BAD` for one it does not understand (or does not implement), `NO`
 * for one it understood but will not carry out (wrong password, read-only mailbox).
 */
export class ImapCommandError extends Error {
  constructor(
    readonly status: 'NO' | 'BAD',
    message: string,
    /** A response code such as AUTHENTICATIONFAILED or NONEXISTENT. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Refusal of what the fake leaves out, worded so that a test that reaches it says what to add. */
export function notImplemented(what: string): ImapCommandError {
  return new ImapCommandError('BAD', `${what} is not implemented by the fake IMAP server`);
}
