import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Below this, compressing costs more than the bytes it saves (a small reply fits in one packet). */
export const COMPRESS_MIN_BYTES = 1024;

/** The encoding to answer with: brotli if the client takes it, else gzip, else none. */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null;
}

/**
 * Compresses this response's JSON body when it is at least COMPRESS_MIN_BYTES and the client accepts
 * it. tRPC writes a reply as a few `write`s then `end()`: they are held and sent in one piece, so the
 * size is known and `Content-Length` stays right. Streamed replies (JSON lines, SSE) and anything
 * not JSON pass through untouched.
 */
export function compressJsonResponse(req: IncomingMessage, res: ServerResponse): void {
  const encoding = pickEncoding(req.headers['accept-encoding']);
  if (!encoding || req.headers['trpc-accept']) return;
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  const chunks: Buffer[] = [];
  let passThrough = false;
  const isJson = () => /^application\/json\b/i.test(String(res.getHeader('content-type') ?? ''));
  const toBuffer = (chunk: unknown, enc?: unknown) =>
    Buffer.isBuffer(chunk)
      ? chunk
      : typeof chunk === 'string'
        ? Buffer.from(chunk, typeof enc === 'string' ? (enc as BufferEncoding) : 'utf8')
        : Buffer.from(chunk as Uint8Array);

  res.write = ((chunk: unknown, enc?: unknown, cb?: unknown) => {
    if (passThrough || res.headersSent || !isJson()) {
      passThrough = true;
      return (write as (...a: unknown[]) => boolean)(chunk, enc, cb);
    }
    chunks.push(toBuffer(chunk, enc));
    const done = typeof enc === 'function' ? enc : cb;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  }) as typeof res.write;

  res.end = ((chunk?: unknown, enc?: unknown, cb?: unknown) => {
    if (passThrough || res.headersSent) return (end as (...a: unknown[]) => ServerResponse)(chunk, enc, cb);
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function')
      chunks.push(toBuffer(chunk, enc));
    const body = Buffer.concat(chunks);
    const done = [chunk, enc, cb].find((a) => typeof a === 'function') as (() => void) | undefined;
    if (!isJson() || body.length < COMPRESS_MIN_BYTES || res.getHeader('content-encoding')) {
      if (body.length) res.setHeader('content-length', body.length);
      return end(body, done);
    }
    const packed =
      encoding === 'br'
        ? brotliCompressSync(body, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
          })
        : gzipSync(body, { level: 6 });
    res.setHeader('content-encoding', encoding);
    res.setHeader('vary', 'Accept-Encoding');
    res.setHeader('content-length', packed.length);
    return end(packed, done);
  }) as typeof res.end;
}
