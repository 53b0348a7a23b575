import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { startKeepAlive } from './keep-alive';
import { socketRequest } from './socket-request';

const servers: WebSocketServer[] = [];
const stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  for (const wss of servers.splice(0)) await new Promise((r) => wss.close(r));
});

async function serve(opts: Parameters<typeof startKeepAlive>[1]) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  servers.push(wss);
  await new Promise((r) => wss.once('listening', r));
  const keepAlive = startKeepAlive(wss, opts);
  stops.push(keepAlive.stop);
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  return { wss, url };
}

/** A client that records what it receives and when it is closed; answers PING when `answer`. */
async function connect(url: string, answer: boolean) {
  const ws = new WebSocket(url);
  const got: string[] = [];
  let closedAt = 0;
  ws.on('message', (data) => {
    const text = String(data);
    got.push(text);
    if (answer && text === 'PING') ws.send('PONG');
  });
  const closed = new Promise<void>((r) =>
    ws.on('close', () => {
      closedAt = Date.now();
      r();
    }),
  );
  await new Promise((r) => ws.once('open', r));
  return { ws, got, closed, closedAt: () => closedAt };
}

describe('startKeepAlive', () => {
  it('pings a silent socket and terminates it when no answer comes', async () => {
    const { url } = await serve({ pingMs: 200, pongWaitMs: 200, tickMs: 20 });
    const opened = Date.now();
    const silent = await connect(url, false);
    await silent.closed;
    expect(silent.got).toEqual(['PING']);
    // Silent 200 ms → PING, then 200 ms more → closed; each within a tick or two.
    expect(silent.closedAt() - opened).toBeGreaterThanOrEqual(380);
    expect(silent.closedAt() - opened).toBeLessThan(2000);
  });

  it('keeps a socket that answers, and does not ping one that is talking', async () => {
    const { url } = await serve({ pingMs: 150, pongWaitMs: 100, tickMs: 20 });
    const answering = await connect(url, true);
    const talking = await connect(url, false);
    const chatter = setInterval(() => talking.ws.send('hello'), 40);
    await new Promise((r) => setTimeout(r, 700));
    clearInterval(chatter);
    expect(answering.ws.readyState).toBe(WebSocket.OPEN);
    expect(answering.got.filter((m) => m === 'PING').length).toBeGreaterThanOrEqual(2);
    expect(talking.ws.readyState).toBe(WebSocket.OPEN);
    expect(talking.got).toEqual([]);
    answering.ws.close();
    talking.ws.close();
  });

  it('stops: no more pings after stop()', async () => {
    const { url } = await serve({ pingMs: 60, pongWaitMs: 60, tickMs: 20 });
    for (const stop of stops.splice(0)) stop();
    const client = await connect(url, false);
    await new Promise((r) => setTimeout(r, 300));
    expect(client.got).toEqual([]);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    client.ws.close();
  });
});

describe('socketRequest', () => {
  it('keeps the URL, the headers the context reads and the peer address, nothing else', () => {
    const req = {
      url: '/trpc?connectionParams=1',
      method: 'GET',
      headers: {
        host: 'chat.example.com',
        cookie: 'parley_session=abc',
        'user-agent': 'UA',
        'x-parley-visitor': 'vt',
        'x-forwarded-for': '203.0.113.9',
        'sec-websocket-key': 'k',
        'accept-language': 'tr',
      },
      rawHeaders: ['host', 'chat.example.com'],
      socket: { remoteAddress: '10.0.0.1', encrypted: undefined, other: {} },
    } as unknown as IncomingMessage;
    const slim = socketRequest(req);
    expect(slim.url).toBe(req.url);
    expect(slim.headers).toEqual({
      host: 'chat.example.com',
      cookie: 'parley_session=abc',
      'user-agent': 'UA',
      'x-parley-visitor': 'vt',
      'x-forwarded-for': '203.0.113.9',
    });
    expect(slim.socket).toEqual({ remoteAddress: '10.0.0.1', encrypted: false });
    expect('rawHeaders' in slim).toBe(false);
  });
});
