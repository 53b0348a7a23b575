import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { build } from 'vite';
import { repoRoot } from './paths';

/**
 * The softphone test page: `support/softphone-page/index.html` imports the console's softphone
 * module, and Vite builds it for production into a temp dir (the same bundler and settings class as
 * the console, JsSIP split into its own lazily loaded chunk), served here on a free loopback port.
 * It tests the module on its own (sip-softphone.test.ts) and plays the customer's plain SIP phone in
 * phone-sip.test.ts, where the console itself is the agent's side; a test-only route in the product is
 * not allowed.
 */
export type TSoftphonePage = { url: string; jsFiles: () => string[]; close: () => Promise<void> };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export async function buildSoftphonePage(): Promise<TSoftphonePage> {
  const outDir = mkdtempSync(join(tmpdir(), 'parley-softphone-page-'));
  const output = await build({
    root: join(repoRoot, 'e2e/support/softphone-page'),
    configFile: false,
    // 'error': the calls feature's index pulls react-query, whose "use client" directives warn.
    logLevel: 'error',
    mode: 'production',
    base: './',
    build: { outDir, emptyOutDir: true, sourcemap: false, write: true },
  });
  const outputs = (Array.isArray(output) ? output : [output]) as { output?: { fileName: string }[] }[];
  const jsFiles = outputs
    .flatMap((o) => o.output ?? [])
    .map((f) => f.fileName)
    .filter((f) => f.endsWith('.js'));
  const server = http.createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = join(outDir, path === '/' ? 'index.html' : path);
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    jsFiles: () => jsFiles,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/**
 * What the test page exposes as `window.parleySoftphone`, as the tests use it. Written out here
 * rather than imported from the console's sources, whose type-check needs the console's JSX and DOM
 * settings; the e2e run itself checks that the real module behaves like this.
 */
export type TPageCallState =
  | { kind: 'ringing' }
  | { kind: 'calling'; remoteRinging: boolean }
  | { kind: 'in-call'; muted: boolean }
  | { kind: 'ended'; reason: string; detail: string };
export type TPageRegistration =
  | { kind: 'idle' | 'registering' | 'registered' | 'unregistered' }
  | { kind: 'failed'; reason: string; detail: string };
export type TPageCall = {
  readonly state: TPageCallState;
  readonly remote: { uri: string; displayName: string };
  readonly peerConnection: RTCPeerConnection | null;
  accept(): Promise<void>;
  decline(): void;
  hangUp(): void;
  setMuted(muted: boolean): Promise<void>;
  onState(listener: (state: TPageCallState) => void): () => void;
};
export type TPageSoftphone = {
  readonly registration: TPageRegistration;
  register(): Promise<void>;
  unregister(): Promise<void>;
  call(target: string): Promise<TPageCall>;
  onRegistration(listener: (state: TPageRegistration) => void): () => void;
  onIncoming(listener: (call: TPageCall) => void): () => void;
  close(): Promise<void>;
};
export type TPageModule = {
  createSoftphone(options: {
    wsServers: string[];
    uri: string;
    authorizationUser?: string;
    password?: string;
    displayName?: string;
    iceServers?: RTCIceServer[];
    devices?: { microphoneId: string; speakerId: string };
    audioElement?: HTMLAudioElement;
  }): TPageSoftphone;
};
