import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify } from './signature.js';

/** A local stand-in for the service on the other side of the bridge (for tests). */
export async function startFakeBridge(secret: string) {
  const received: { to: string; text: string }[] = [];
  let next = 1;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const ok = verify(
      secret,
      String(req.headers['x-parley-timestamp'] ?? ''),
      body,
      String(req.headers['x-parley-signature'] ?? ''),
    );
    if (!ok) {
      res.writeHead(401).end();
      return;
    }
    received.push(JSON.parse(body.toString('utf8')));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `out-${next++}` }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/parley`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
