#!/usr/bin/env node
// The plugin author's dev loop: watch a plugin package, rebuild it on every change and ask the
// running Parley server to reload it, without restarting the server.
//   npm run plugin:dev -- <path-to-plugin-package> [--name <plugin-name>] [--no-build]
// The server must run with PARLEY_PLUGIN_DEV=true and the package in PARLEY_PLUGINS; the reload is
// asked as an account owner: PARLEY_URL (default http://localhost:3000), PARLEY_EMAIL, PARLEY_PASSWORD.
// Guide: packages/plugin-sdk/README.md ("The dev loop").
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, watch } from 'node:fs';
import { join, resolve } from 'node:path';

/** `[path, --name x, --no-build]` → options; throws a usage error for anything else. */
export function parseArgs(argv) {
  const out = { dir: undefined, name: undefined, build: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--name') out.name = argv[++i];
    else if (arg === '--no-build') out.build = false;
    else if (!arg.startsWith('--') && !out.dir) out.dir = arg;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!out.dir)
    throw new Error('usage: npm run plugin:dev -- <path-to-plugin-package> [--name <plugin-name>]');
  return out;
}

/** Changes under these are the build's own output or noise: they never trigger a rebuild. */
export function isSourceChange(file) {
  if (!file) return false;
  return !/(^|[\\/])(dist|node_modules|\.git|coverage)([\\/]|$)/.test(file) && !file.endsWith('~');
}

/** Calls `run` once per burst of events, `ms` after the last one; never twice at the same time. */
export function debounce(run, ms) {
  let timer;
  let running = Promise.resolve();
  let again = false;
  let busy = false;
  const fire = async () => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      await run();
    } finally {
      busy = false;
      if (again) {
        again = false;
        timer = setTimeout(fire, ms);
      }
    }
  };
  return {
    trigger() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        running = fire();
      }, ms);
    },
    settled: () => running,
  };
}

/** One tRPC call over HTTP (no transformer); the answer's data, or an Error with the server's message. */
async function trpc(base, path, input, cookie) {
  const res = await fetch(`${base}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(input),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok || body.error) {
    const message = body.error?.message ?? body.error?.json?.message ?? `HTTP ${res.status}`;
    throw new Error(`${path}: ${message}`);
  }
  return { data: body.result?.data, cookies: res.headers.getSetCookie?.() ?? [] };
}

/** The developer's shell, never a turbo task: these do not belong in turbo.json. */
const devEnv = (name) => process.env[name];

async function login(base) {
  const email = devEnv('PARLEY_EMAIL');
  const password = devEnv('PARLEY_PASSWORD');
  if (!email || !password)
    throw new Error('set PARLEY_EMAIL and PARLEY_PASSWORD (an account owner) to reload');
  const { cookies } = await trpc(base, 'auth.login', { email, password });
  const session = cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('parley_session='));
  if (!session) throw new Error('auth.login: no session cookie in the answer');
  return session;
}

function build(dir) {
  return new Promise((resolveBuild) => {
    const child = spawn('npm', ['run', 'build'], { cwd: dir, stdio: 'inherit' });
    child.on('exit', (code) => resolveBuild(code === 0));
    child.on('error', () => resolveBuild(false));
  });
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const dir = resolve(options.dir);
  const pkgFile = join(dir, 'package.json');
  if (!existsSync(pkgFile)) throw new Error(`${dir} has no package.json: give the plugin package's folder`);
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  if (!pkg.parley)
    throw new Error(`${pkg.name} has no "parley" manifest in package.json (see the author's guide)`);
  const name = options.name ?? pkg.name;
  const base = (devEnv('PARLEY_URL') ?? 'http://localhost:3000').replace(/\/$/, '');
  let cookie = await login(base);

  const cycle = async () => {
    const started = Date.now();
    if (options.build && !(await build(dir))) {
      console.error(`✗ build failed: the server keeps running the last good build of ${name}`);
      return;
    }
    try {
      let result;
      try {
        result = (await trpc(base, 'integrations.reloadPlugin', { name }, cookie)).data;
      } catch (error) {
        if (!/UNAUTHORIZED|log in/i.test(String(error))) throw error;
        cookie = await login(base);
        result = (await trpc(base, 'integrations.reloadPlugin', { name }, cookie)).data;
      }
      const paused = Object.values(result.installs ?? {}).filter((o) => String(o).startsWith('paused'));
      console.log(
        `✓ ${name} ${result.version} reloaded in ${Date.now() - started} ms` +
          (paused.length ? ` (${paused.length} install(s) wait for an admin: see Integrations)` : ''),
      );
    } catch (error) {
      console.error(`✗ reload failed: ${error.message}`);
    }
  };

  const loop = debounce(cycle, 200);
  watch(dir, { recursive: true }, (_event, file) => {
    if (isSourceChange(file)) loop.trigger();
  });
  console.log(`watching ${dir} (plugin ${name}, server ${base}); Ctrl+C to stop`);
  loop.trigger();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(`plugin:dev: ${error.message}`);
    process.exit(1);
  });
}
