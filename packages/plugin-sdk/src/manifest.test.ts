import { describe, expect, it } from 'vitest';
import { apiVersionSupported, parseManifest } from './manifest.js';

const good = {
  name: 'parley-plugin-line',
  parley: {
    apiVersion: '^1.0.0',
    displayName: 'LINE',
    capabilities: ['channel'],
    networkHosts: ['api.line.me', '*.line-scdn.net'],
    icon: 'icon.svg',
  },
};

describe('parseManifest', () => {
  it('reads a package.json parley field, with defaults', () => {
    expect(parseManifest(good)).toEqual({
      ok: true,
      manifest: {
        apiVersion: '^1.0.0',
        displayName: 'LINE',
        capabilities: ['channel'],
        networkHosts: ['api.line.me', '*.line-scdn.net'],
        icon: 'icon.svg',
        configSchemaVersion: 1,
      },
    });
  });

  it('says what to add when there is no manifest', () => {
    const check = parseManifest({ name: 'x' });
    expect(check.ok).toBe(false);
    if (!check.ok)
      expect(check.problems[0]).toMatch(/no "parley" manifest: add \{ "apiVersion": "\^1\.0\.0"/);
  });

  it('names every bad field', () => {
    const check = parseManifest({
      parley: {
        apiVersion: 'one',
        displayName: '',
        capabilities: ['payroll'],
        networkHosts: ['https://api.line.me/'],
        configSchemaVersion: 0,
      },
    });
    expect(check.ok ? [] : check.problems.map((p) => p.split(':')[0])).toEqual([
      'parley.apiVersion',
      'parley.displayName',
      'parley.capabilities',
      'parley.networkHosts',
      'parley.configSchemaVersion',
    ]);
  });

  it('matches the API range against the implemented API', () => {
    expect(apiVersionSupported({ apiVersion: '^1.0.0' })).toBe(true);
    expect(apiVersionSupported({ apiVersion: '1.x' })).toBe(true);
    expect(apiVersionSupported({ apiVersion: '>=1 <3' })).toBe(true);
    expect(apiVersionSupported({ apiVersion: '^2.0.0' })).toBe(false);
    expect(apiVersionSupported({ apiVersion: '^0.9.0' })).toBe(false);
  });
});
