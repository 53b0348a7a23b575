import { describe, expect, it } from 'vitest';
import { describeError } from '../../lib/errors';
import { checkPackageFile, PACKAGE_MAX_BYTES, PackageUploadError, readUploadAnswer } from './package-upload';

const preview = {
  name: 'parley-plugin-example',
  version: '0.2.0',
  description: null,
  displayName: 'HTTP bridge (example)',
  apiVersion: '^1.0.0',
  sha256: 'a'.repeat(64),
  sizeBytes: 4096,
  permissions: { capabilities: ['channel'], networkHosts: [] },
  current: null,
  added: null,
};

describe('checkPackageFile', () => {
  it('accepts the tarball npm pack writes, up to 20 MB', () => {
    expect(checkPackageFile({ name: 'parley-plugin-example-0.1.0.tgz', size: 10 })).toBeNull();
    expect(checkPackageFile({ name: 'plugin.tar.gz', size: PACKAGE_MAX_BYTES })).toBeNull();
  });

  it('refuses other files, empty ones and large ones before uploading', () => {
    expect(checkPackageFile({ name: 'plugin.zip', size: 10 })).toBe('plugin_package.bad_type');
    expect(checkPackageFile({ name: 'plugin.tgz', size: 0 })).toBe('plugin_package.invalid');
    expect(checkPackageFile({ name: 'plugin.tgz', size: PACKAGE_MAX_BYTES + 1 })).toBe(
      'plugin_package.too_large',
    );
  });
});

describe('readUploadAnswer', () => {
  it('returns what the server read from the package', () => {
    expect(readUploadAnswer(200, preview)).toEqual(preview);
  });

  it('keeps the server’s list of problems for a package it cannot install', () => {
    const message = 'This plugin package cannot be installed: parley.apiVersion: it needs plugin API ^2.0.0';
    const error = (() => {
      try {
        readUploadAnswer(400, { error: { appCode: 'plugin_package.invalid', message } });
      } catch (e) {
        return e as PackageUploadError;
      }
    })();
    expect(error).toBeInstanceOf(PackageUploadError);
    expect(error?.detail).toBe(message);
    expect(describeError(error).message.id).toBe('error.plugin_package.invalid');
  });

  it('maps a proxy’s bare 413 and the server’s refusals through the shared error table', () => {
    expect(() => readUploadAnswer(413, null)).toThrow(PackageUploadError);
    try {
      readUploadAnswer(413, null);
    } catch (e) {
      expect(describeError(e).message.id).toBe('error.plugin_package.too_large');
    }
    expect(describeError(new PackageUploadError('forbidden', 403)).message.id).toBe('error.forbidden');
    expect(describeError(new PackageUploadError('plugin_package.configured', 409)).message.id).toBe(
      'error.plugin_package.configured',
    );
  });
});
