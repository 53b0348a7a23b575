#!/usr/bin/env node
// Install, upgrade, turn off and remove third-party plugin packages on a running Parley server, as
// the console's Manage → Integrations → Plugin packages does (every API process picks it up):
//   npm run plugin -- install <package.tgz> [--yes]    the tarball `npm pack` writes
//   npm run plugin -- upgrade <package.tgz> [--yes]    the same, for a package already installed
//   npm run plugin -- disable|enable|remove <name>
//   npm run plugin -- list
// It logs in as an account owner: PARLEY_URL (default http://localhost:3000), PARLEY_EMAIL,
// PARLEY_PASSWORD. Without --yes it shows what the package asks for and asks before installing.
// Guide: packages/integrations/README.md ("Install, upgrade and remove").
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';

const COMMANDS = ['install', 'upgrade', 'disable', 'enable', 'remove', 'list'];

/** `[command, arg, --yes]` → options; throws a usage error for anything else. */
export function parseArgs(argv) {
  const usage = `usage: npm run plugin -- install|upgrade <package.tgz> [--yes] | disable|enable|remove <name> | list`;
  const positional = argv.filter((a) => !a.startsWith('--'));
  const flags = argv.filter((a) => a.startsWith('--'));
  for (const flag of flags) if (flag !== '--yes') throw new Error(`unknown option ${flag}\n${usage}`);
  const [command, arg, ...rest] = positional;
  if (!COMMANDS.includes(command) || rest.length) throw new Error(usage);
  if (command !== 'list' && !arg) throw new Error(usage);
  if (command === 'list' && arg) throw new Error(usage);
  return { command, arg, yes: flags.includes('--yes') };
}

/** What the owner approves: the hosts and capabilities, new ones marked. */
export function describePreview(preview) {
  const mark = (list, added) =>
    list.length ? list.map((x) => (added?.includes(x) ? `${x} (new)` : x)).join(', ') : 'none';
  return [
    `${preview.displayName} (${preview.name}) ${preview.version}` +
      (preview.current ? `, upgrading from ${preview.current.version}` : ''),
    `  plugin API:      ${preview.apiVersion}`,
    `  may contact:     ${mark(preview.permissions.networkHosts, preview.added?.networkHosts)} (and the addresses admins type into its settings)`,
    `  provides:        ${mark(preview.permissions.capabilities, preview.added?.capabilities)}`,
    `  sha256:          ${preview.sha256}`,
  ].join('\n');
}

/** The developer's or operator's shell, never a turbo task. */
const env = (name) => process.env[name];

function client(base) {
  let cookie = '';
  const errorOf = (path, status, body) => {
    const message = body?.error?.message ?? body?.error?.json?.message ?? `HTTP ${status}`;
    return new Error(`${path}: ${message}`);
  };
  async function call(path, input, { query = false } = {}) {
    const url = query
      ? `${base}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`
      : `${base}/trpc/${path}`;
    const res = await fetch(url, {
      method: query ? 'GET' : 'POST',
      headers: { ...(query ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) },
      ...(query ? {} : { body: JSON.stringify(input ?? {}) }),
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok || body.error) throw errorOf(path, res.status, body);
    return { data: body.result?.data, res };
  }
  return {
    async login() {
      const email = env('PARLEY_EMAIL');
      const password = env('PARLEY_PASSWORD');
      if (!email || !password) throw new Error('set PARLEY_EMAIL and PARLEY_PASSWORD (an account owner)');
      const { res } = await call('auth.login', { email, password });
      const session = (res.headers.getSetCookie?.() ?? [])
        .map((c) => c.split(';')[0])
        .find((c) => c.startsWith('parley_session='));
      if (!session) throw new Error('auth.login: no session cookie in the answer');
      cookie = session;
    },
    query: (path, input) => call(path, input, { query: true }).then((r) => r.data),
    mutate: (path, input) => call(path, input).then((r) => r.data),
    async upload(file) {
      const res = await fetch(`${base}/uploads/plugin-package`, {
        method: 'POST',
        headers: { 'content-type': 'application/gzip', origin: base, cookie },
        body: readFileSync(file),
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) throw errorOf('upload', res.status, body);
      return body;
    },
  };
}

function describePackage(pkg) {
  const running = pkg.running
    ? `running ${pkg.running.version} (${pkg.running.state}, restarts ${pkg.running.restarts})`
    : pkg.status === 'disabled'
      ? 'turned off'
      : 'not loaded';
  const problems = pkg.problems.map((p) => `\n    ! ${p}`).join('');
  return `${pkg.name} ${pkg.version}  ${pkg.displayName}  ${running}${problems}`;
}

async function confirm(question) {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

async function main() {
  const { command, arg, yes } = parseArgs(process.argv.slice(2));
  const base = (env('PARLEY_URL') ?? 'http://localhost:3000').replace(/\/$/, '');
  const api = client(base);
  await api.login();
  if (command === 'list') {
    const packages = await api.query('integrations.packages');
    console.log(packages.length ? packages.map(describePackage).join('\n') : 'no plugin packages installed');
    return;
  }
  if (command === 'install' || command === 'upgrade') {
    const preview = await api.upload(resolve(arg));
    if (command === 'upgrade' && !preview.current)
      throw new Error(`${preview.name} is not installed: use install`);
    if (command === 'install' && preview.current)
      throw new Error(`${preview.name} ${preview.current.version} is installed: use upgrade`);
    console.log(describePreview(preview));
    if (!yes && !(await confirm('Install it on every server process? [y/N] '))) {
      console.log('nothing installed');
      return;
    }
    const pkg = await api.mutate('integrations.confirmPackage', {
      name: preview.name,
      sha256: preview.sha256,
    });
    console.log(`✓ ${describePackage(pkg)}`);
    if (pkg.problems.length) process.exitCode = 1;
    return;
  }
  if (command === 'remove') {
    const result = await api.mutate('integrations.removePackage', { name: arg });
    console.log(
      `✓ ${result.name} removed` +
        (result.pausedInstalls ? ` (${result.pausedInstalls} install(s) now show "Plugin not loaded")` : ''),
    );
    return;
  }
  const pkg = await api.mutate('integrations.setPackageEnabled', {
    name: arg,
    enabled: command === 'enable',
  });
  console.log(`✓ ${describePackage(pkg)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(`plugin: ${error.message}`);
    process.exit(1);
  });
}
