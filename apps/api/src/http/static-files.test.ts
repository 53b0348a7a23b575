import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from './static-files';

// A built front-end on disk (with the .br/.gz files the build writes) behind a real server.
describe('serveStatic', () => {
  let dir: string;
  let server: http.Server;
  let url: string;
  const js = `console.log(${JSON.stringify('x'.repeat(2000))});`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-static-'));
    mkdirSync(join(dir, 'assets'));
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      writeFileSync(join(dir, `${name}.br`), brotliCompressSync(text));
      writeFileSync(join(dir, `${name}.gz`), gzipSync(text));
    };
    write('assets/app-abc123.js', js);
    write('index.html', '<!doctype html><title>Parley</title>');
    write('pointer.js', 'export const x = 1;');
    writeFileSync(join(dir, 'assets/app-abc123.js.map'), '{"version":3}');
    const files = serveStatic(dir, { single: true, anyOrigin: ['/pointer.js'] });
    server = http.createServer((req, res) => files(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http
        .get(`${url}${path}`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        })
        .on('error', reject);
    });

  it('lets any origin import the files listed as such, and only those', async () => {
    const chunk = await get('/pointer.js', { 'accept-encoding': 'br', origin: 'http://shop.test' });
    expect(chunk.status).toBe(200);
    expect(chunk.headers['access-control-allow-origin']).toBe('*');
    expect(chunk.headers['cache-control']).toBe('no-cache');
    const other = await get('/assets/app-abc123.js', { origin: 'http://shop.test' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the precompressed file by Accept-Encoding, with Vary', async () => {
    const br = await get('/assets/app-abc123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.body.length).toBeLessThan(js.length / 10);
    const gz = await get('/assets/app-abc123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await get('/assets/app-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(js);
  });

  it('caches hashed assets for a year and makes pages revalidate with an ETag', async () => {
    const asset = await get('/assets/app-abc123.js', { 'accept-encoding': 'br' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/index.html', '/inbox']) {
      const page = await get(path, { 'accept-encoding': 'br' });
      expect(page.status).toBe(200);
      expect(page.headers['cache-control']).toBe('no-cache');
      const etag = page.headers.etag ?? '';
      expect(etag).not.toBe('');
      expect((await get(path, { 'accept-encoding': 'br', 'if-none-match': etag })).status).toBe(304);
    }
  });

  it('never serves source maps or the compressed copies by name', async () => {
    for (const path of ['/assets/app-abc123.js.map', '/assets/app-abc123.js.br', '/index.html.gz'])
      expect((await get(path)).status).toBe(404);
  });
});
