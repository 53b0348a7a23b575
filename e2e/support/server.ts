import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { repoRoot } from './paths';

export type TRunningServer = {
  url: string;
  /** The PostgreSQL database it uses, when DATABASE_URL is set (another server may share it). */
  databaseUrl: string | undefined;
  /** Everything the server printed, for failure messages. */
  logs: () => string;
  stop: () => Promise<void>;
};

async function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * With DATABASE_URL (PostgreSQL runs), each server gets a database of its own on that server, created
 * here and dropped on stop, so every test starts from the setup page like a fresh install.
 */
async function freshPostgres(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `parley_e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Starts the real API (which also serves the built console) on a free port with a fresh data directory
 * and no SMTP, so invitations come back as links. Resolves once /readyz answers 200.
 */
export async function startServer({
  timeoutMs = 90_000,
  shareDatabaseWith,
  extraEnv = {},
}: {
  timeoutMs?: number;
  /** Scale-out: a second API process on the first one's database (and the same Redis). */
  shareDatabaseWith?: TRunningServer;
  /** More configuration, e.g. `PARLEY_PLUGINS`. */
  extraEnv?: Record<string, string>;
} = {}): Promise<TRunningServer> {
  const port = await getFreePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-data-'));
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.SMTP_URL;
  // The fake providers listen on 127.0.0.1, which Parley refuses as a plugin destination by default.
  env.ALLOW_PRIVATE_NETWORK_DESTINATIONS = 'true';
  Object.assign(env, extraEnv, { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, PUBLIC_URL: url });
  // REDIS_URL passes through from the environment when set (PostgreSQL / Redis runs).
  const database =
    process.env.DATABASE_URL && !shareDatabaseWith ? await freshPostgres(process.env.DATABASE_URL) : null;
  const databaseUrl = shareDatabaseWith?.databaseUrl ?? database?.url;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;

  // What `npm start` runs: the bundle (e2e/support/ensure-built.ts builds it before the suite).
  const child = spawn(process.execPath, ['apps/api/dist/main.js'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  };

  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the API exited before it was ready (code ${child.exitCode}):\n${output}`);
      }
      if (Date.now() > deadline) throw new Error(`the API was not ready after ${timeoutMs} ms:\n${output}`);
      try {
        const response = await fetch(`${url}/readyz`);
        if (response.status === 200) break;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, databaseUrl, logs: () => output, stop };
}
