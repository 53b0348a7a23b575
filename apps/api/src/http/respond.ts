import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AppError, appErrorOf, ERROR_TRANSPORT } from '../errors';

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Reads the whole body, or returns null (and stops reading) once it passes `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      req.resume();
      return resolve(null);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The JSON error body every raw route answers with: the same `appCode` clients get from tRPC. */
export function sendError(res: ServerResponse, err: AppError) {
  sendJson(res, ERROR_TRANSPORT[err.kind].http, { error: { appCode: err.code, message: err.message } });
}

type RawHandler<A extends unknown[]> = (
  req: IncomingMessage,
  res: ServerResponse,
  ...args: A
) => Promise<unknown>;

/**
 * Wraps a raw route so a thrown AppError (or an unreachable database) answers with the status the
 * shared map (errors.ts) gives its kind, like a tRPC procedure would. Anything else is a bug: it is
 * rethrown for the server to log and answer 500. A response already under way cannot change its
 * status, so it is cut off instead.
 */
export function answeringErrors<A extends unknown[]>(handler: RawHandler<A>): RawHandler<A> {
  return async (req, res, ...args) => {
    try {
      return await handler(req, res, ...args);
    } catch (err) {
      const appError = appErrorOf(err);
      if (!appError || res.headersSent) throw err;
      sendError(res, appError);
    }
  };
}
