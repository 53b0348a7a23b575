import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small S3 stand-in speaking path-style PutObject / GetObject / DeleteObject. It checks what a
 * real S3 would look at first: a SigV4 Authorization header for our key id, and a payload hash
 * that matches the body.
 */
export function startFakeS3(accessKeyId: string) {
  const objects = new Map<string, Buffer>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const auth = req.headers.authorization ?? '';
      const hash = req.headers['x-amz-content-sha256'];
      if (
        !auth.startsWith(`AWS4-HMAC-SHA256 Credential=${accessKeyId}/`) ||
        !auth.includes('/s3/aws4_request')
      ) {
        res.writeHead(403).end('<Error><Code>AccessDenied</Code></Error>');
        return;
      }
      if (hash !== createHash('sha256').update(body).digest('hex')) {
        res.writeHead(400).end('<Error><Code>XAmzContentSHA256Mismatch</Code></Error>');
        return;
      }
      const key = decodeURIComponent(req.url ?? '');
      if (req.method === 'PUT') objects.set(key, body);
      if (req.method === 'DELETE') objects.delete(key);
      if (req.method === 'GET') {
        const found = objects.get(key);
        if (!found) return res.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>');
        return res.writeHead(200, { 'content-length': found.length }).end(found);
      }
      res.writeHead(req.method === 'DELETE' ? 204 : 200).end();
    });
  });
  return {
    objects,
    server,
    listen: () =>
      new Promise<string>((r) =>
        server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
