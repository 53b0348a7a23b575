import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PluginError } from './errors.js';
import { SDK_VERSION } from './version.js';

// A plugin brings its own copy of the SDK and the server bundles another: the host must still know
// a PluginError when it sees one. The query string makes vitest load a second, separate module.
async function anotherCopy(): Promise<typeof import('./errors.js')> {
  const specifier = './errors.ts?another-copy';
  return import(/* @vite-ignore */ specifier);
}

describe('PluginError across copies of the SDK', () => {
  it('instanceof holds for an error made by another copy, and not for other errors', async () => {
    const other = await anotherCopy();
    expect(other.PluginError).not.toBe(PluginError);
    const foreign = new other.PluginError('HTTP 401', { kind: 'auth', code: '401' });
    expect(foreign instanceof PluginError).toBe(true);
    expect(new PluginError('x') instanceof other.PluginError).toBe(true);
    expect(new Error('x') instanceof PluginError).toBe(false);
    expect(Object.assign(new Error('x'), { name: 'PluginError' }) instanceof PluginError).toBe(false);
    expect((null as unknown as object) instanceof PluginError).toBe(false);
  });

  it("from() rebuilds another copy's error with the host's class, keeping kind, flags and code", async () => {
    const other = await anotherCopy();
    const foreign = new other.PluginError('slow down', { kind: 'provider', code: '429', retryAfterMs: 2000 });
    const stamped = PluginError.from(foreign, { plugin: 'parley-plugin-x', installId: 'i1' });
    expect(Object.getPrototypeOf(stamped)).toBe(PluginError.prototype);
    expect(stamped).toMatchObject({
      kind: 'provider',
      code: '429',
      retryAfterMs: 2000,
      retryable: true,
      plugin: 'parley-plugin-x',
      installId: 'i1',
    });
    expect(stamped.cause).toBe(foreign);
    expect(stamped.publicReason()).toBe(
      '[parley-plugin-x] provider: the provider answered with an error (429)',
    );
  });

  it('keeps its own errors as they are', () => {
    const own = new PluginError('bad', { kind: 'input' });
    expect(PluginError.from(own, { plugin: 'p' })).toBe(own);
    expect(own.plugin).toBe('p');
  });

  it('SDK_VERSION is the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(SDK_VERSION).toBe(pkg.version);
  });
});
