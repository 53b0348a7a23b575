import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillBridgeChannel, signedPost } from '../support/bridge';
import { chromiumAvailability } from '../support/browser';
import { heading, shows } from '../support/console';
import { repoRoot } from '../support/paths';
import { OWNER as owner, useTeam } from '../support/team';

// The author's guide, end to end on the production build: the example plugin (built by the suite's
// global setup) is packed with `npm pack`; the owner adds the tarball under Manage → Integrations →
// Plugin packages, reviews what it asks for and installs it while the server runs; a signed message
// flows through its channel; `npm run plugin -- upgrade` installs the next version and
// `npm run plugin -- remove` takes it away, and the page keeps answering.

const { available } = chromiumAvailability();
// With PostgreSQL and Redis, a second API process must pick up each change too.
const scaleOut = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const run = promisify(execFile);

const exampleDir = join(repoRoot, 'examples/parley-plugin-example');

/** `npm pack` of a folder, into `dest`; the tarball's path. */
async function npmPack(dir: string, dest: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dest], { cwd: dir });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  return join(dest, (packed as { filename: string }).filename);
}

/** The example as its author would publish the next version: 0.2.0 in package.json and in the build. */
function nextVersion(into: string): string {
  const dir = join(into, 'next');
  for (const part of ['package.json', 'README.md', 'dist'])
    cpSync(join(exampleDir, part), join(dir, part), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ ...pkg, version: '0.2.0', devDependencies: {} }, null, 2),
  );
  const entry = join(dir, 'dist/index.js');
  writeFileSync(entry, readFileSync(entry, 'utf8').replace("version: '0.1.0'", "version: '0.2.0'"));
  return dir;
}

/** Waits (bounded) until `read` resolves to a text containing `expected`; that text. */
async function eventually(read: () => Promise<string>, expected: string, ms = 20_000): Promise<string> {
  const until = Date.now() + ms;
  let last = await read();
  while (!last.includes(expected) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    last = await read();
  }
  return last;
}

/** axe-core's violations on the page (WCAG 2 A/AA), by rule id. */
async function axeViolations(page: Page): Promise<string[]> {
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  // Evaluated through the DevTools protocol: the console's CSP (rightly) refuses an inline script tag.
  await page.evaluate(readFileSync(axePath, 'utf8'));
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (o: unknown) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> };
      }
    ).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
}

describe.skipIf(!available)('plugin packages installed while the server runs', () => {
  const team = useTeam({
    secondServer: scaleOut,
    // Every process opens the channel's sealed signing secret with the same key (README, Scale-out).
    serverEnv: () => ({ PARLEY_SECRET_KEY: 'e2e-plugin-packages-secret-key-0123' }),
  });
  let page: Page;
  let workDir = '';
  let firstTarball = '';
  let nextTarball = '';
  let webhookUrl = '';

  beforeAll(async () => {
    page = team.owner.page;
    workDir = mkdtempSync(join(tmpdir(), 'parley-e2e-pack-'));
    firstTarball = await npmPack(exampleDir, workDir);
    nextTarball = await npmPack(nextVersion(workDir), workDir);
  }, 120_000);
  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const cli = (args: string[], url = team.server.url) =>
    run(process.execPath, ['scripts/plugin.mjs', ...args], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PARLEY_URL: url,
        PARLEY_EMAIL: owner.email,
        PARLEY_PASSWORD: owner.password,
      },
    });

  it('the owner uploads the packed example, reviews what it asks for and installs it', async () => {
    await page.getByRole('link', { name: 'Integrations', exact: true }).click();
    await shows(heading(page, 'Integrations'));
    await shows(page.getByRole('heading', { name: 'Add plugin package' }));
    await page.getByLabel('Plugin package (.tgz)', { exact: true }).setInputFiles(firstTarball);
    await page.getByRole('button', { name: 'Upload and review' }).click();

    const review = page.getByRole('region', { name: 'Review HTTP bridge (example) 0.1.0' });
    await shows(review);
    // Its manifest declares no host of its own, and one capability.
    await shows(review.getByText('None', { exact: true }));
    await shows(review.getByRole('list', { name: 'What it provides' }).getByText('Channel'));
    expect(await axeViolations(page)).toEqual([]);

    await review.getByRole('button', { name: 'Approve and install HTTP bridge (example)' }).click();
    await shows(page.getByText('HTTP bridge (example) 0.1.0 is installed.'));
    const installed = page.getByRole('list', { name: 'Plugin packages' }).getByRole('listitem', {
      name: 'HTTP bridge (example)',
    });
    await shows(installed.getByText('Running', { exact: true }));
    await shows(installed.getByText('version 0.1.0'));
    expect(await axeViolations(page)).toEqual([]);
    if (scaleOut) {
      // The other process heard of it on Redis and runs it too.
      const listed = () => cli(['list'], team.secondServer.url).then((r) => r.stdout);
      expect(await eventually(listed, 'running 0.1.0')).toContain('running 0.1.0');
    }
  });

  it('its channel is offered without a restart, and a signed message lands in the Inbox', async () => {
    await page.getByRole('link', { name: 'Channels', exact: true }).click();
    await page.getByRole('link', { name: /^Add email, Telegram/ }).click();
    await shows(heading(page, 'Add channel'));
    await page.getByRole('radio', { name: 'HTTP bridge (example)', exact: true }).check();
    webhookUrl = await fillBridgeChannel(page, 'Partner bridge');

    const posted = await signedPost(webhookUrl, {
      id: 'm-1',
      from: { id: 'u-7', name: 'Deniz' },
      text: 'Is my invoice ready?',
    });
    expect(posted.status).toBe(200);
    await page.getByRole('link', { name: /^Inbox/ }).click();
    await shows(
      page.getByRole('article', { name: 'Chat request from Deniz' }).getByText('Is my invoice ready?'),
    );
  });

  it('npm run plugin -- upgrade installs the next version on the running server', async () => {
    const { stdout } = await cli(['upgrade', nextTarball, '--yes']);
    expect(stdout).toContain('upgrading from 0.1.0');
    expect(stdout).toMatch(/✓ parley-plugin-example 0\.2\.0 .* running 0\.2\.0/);
    expect((await cli(['list'])).stdout).toContain('running 0.2.0');
    if (scaleOut) {
      const listed = () => cli(['list'], team.secondServer.url).then((r) => r.stdout);
      expect(await eventually(listed, 'running 0.2.0')).toContain('running 0.2.0');
      // A message through the second process's worker.
      const second = `${team.secondServer.url}${new URL(webhookUrl).pathname}`;
      const through = await signedPost(second, {
        id: 'm-2b',
        from: { id: 'u-10', name: 'Selin' },
        text: 'Hello through process two',
      });
      expect(through.status).toBe(200);
      await shows(
        page.getByRole('article', { name: 'Chat request from Selin' }).getByText('Hello through process two'),
      );
    }

    const posted = await signedPost(webhookUrl, {
      id: 'm-2',
      from: { id: 'u-8', name: 'Mert' },
      text: 'Still there after the upgrade?',
    });
    expect(posted.status).toBe(200);
    await shows(
      page
        .getByRole('article', { name: 'Chat request from Mert' })
        .getByText('Still there after the upgrade?'),
    );

    await page.getByRole('link', { name: 'Integrations', exact: true }).click();
    const install = page
      .getByRole('listitem', { name: 'HTTP bridge (example)' })
      .filter({ hasText: 'Partner bridge' });
    await shows(install.getByText('version 0.2.0'));
  });

  it('npm run plugin -- remove takes it away; its channel stays listed as not loaded', async () => {
    const { stdout } = await cli(['remove', 'parley-plugin-example']);
    expect(stdout).toContain('parley-plugin-example removed (1 install(s) now show "Plugin not loaded")');
    await page.reload();
    await shows(heading(page, 'Integrations'));
    await shows(page.getByText('Plugin not loaded', { exact: true }));
    await shows(page.getByText('No plugin package is installed from here.'));
    if (scaleOut) {
      const listed = () => cli(['list'], team.secondServer.url).then((r) => r.stdout);
      expect(await eventually(listed, 'no plugin packages installed')).toContain(
        'no plugin packages installed',
      );
    }
    const refused = await signedPost(webhookUrl, { id: 'm-3', from: { id: 'u-9' }, text: 'anyone?' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(await axeViolations(page)).toEqual([]);
  });
});
