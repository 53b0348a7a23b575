import type { Socket } from 'node:net';

/** A client's command (lines and literals) past this size ends the connection. */
const MAX_COMMAND_BYTES = 64 * 1024 * 1024;
/** `{12}` or `{12+}` (LITERAL+) ending a line: that many bytes of literal follow. */
const LITERAL_MARKER = /\{(\d+)(\+?)\}\r?\n$/;

/**
 * What a client sent: its lines without the final CRLF, and apart from them the literals they
 * announce, in order (the shape imapflow's parser reads).
 */
export interface ClientCommand {
  line: Buffer;
  literals: Buffer[];
}

export interface CommandReader {
  /** The next command (or IDLE's DONE, or a SASL response); undefined once the client is gone. */
  next(): Promise<ClientCommand | undefined>;
}

/**
 * Splits what a client sends into commands. A synchronizing literal (`{n}`) is asked for with
 * `continueLiteral`; a LITERAL+ one (`{n+}`) follows without asking.
 */
export function createCommandReader(socket: Socket, continueLiteral: () => void): CommandReader {
  let buffer: Buffer = Buffer.alloc(0);
  let lines: Buffer[] = [];
  let literals: Buffer[] = [];
  let literal: Buffer[] = [];
  let literalLeft = 0;
  let size = 0;
  const ready: ClientCommand[] = [];
  let waiting: ((command: ClientCommand | undefined) => void) | undefined;
  let closed = false;

  const emit = (command: ClientCommand) => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve(command);
    } else ready.push(command);
  };
  const count = (bytes: number) => {
    size += bytes;
    if (size > MAX_COMMAND_BYTES) socket.destroy();
  };

  socket.on('data', (chunk: Buffer) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    while (!socket.destroyed) {
      if (literalLeft > 0) {
        if (!buffer.length) return;
        const bytes = buffer.subarray(0, literalLeft);
        buffer = buffer.subarray(bytes.length);
        literalLeft -= bytes.length;
        literal.push(bytes);
        if (literalLeft === 0) {
          literals.push(Buffer.concat(literal));
          literal = [];
        }
        continue;
      }
      const lf = buffer.indexOf(0x0a);
      if (lf < 0) {
        if (size + buffer.length > MAX_COMMAND_BYTES) socket.destroy();
        return;
      }
      const line = buffer.subarray(0, lf + 1);
      buffer = buffer.subarray(lf + 1);
      lines.push(line);
      count(line.length);
      const marker = LITERAL_MARKER.exec(line.subarray(-32).toString('latin1'));
      if (marker) {
        literalLeft = Number(marker[1]);
        count(literalLeft);
        if (literalLeft === 0) literals.push(Buffer.alloc(0));
        else if (!marker[2]) continueLiteral();
        continue;
      }
      const whole = Buffer.concat(lines);
      const end = whole.length - (whole.length > 1 && whole[whole.length - 2] === 0x0d ? 2 : 1);
      emit({ line: whole.subarray(0, end), literals });
      lines = [];
      literals = [];
      size = 0;
    }
  });
  socket.on('close', () => {
    closed = true;
    waiting?.(undefined);
    waiting = undefined;
  });

  return {
    next() {
      const command = ready.shift();
      if (command || closed) return Promise.resolve(command);
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
  };
}
