import type { PackagePreview } from '@parley/api';

/** The client side of POST /uploads/plugin-package (an owner's plugin package, the .tgz of `npm pack`). */

export const PACKAGE_MAX_BYTES = 20 * 1024 * 1024;

/** What the server read from the package (nothing of it ran): the owner reviews it, then confirms. */
export type TPackagePreview = PackagePreview;

/** Checks what the server would refuse anyway, before uploading megabytes. */
export function checkPackageFile(file: { name: string; size: number }): string | null {
  if (!/\.(tgz|tar\.gz)$/i.test(file.name)) return 'plugin_package.bad_type';
  if (file.size === 0) return 'plugin_package.invalid';
  if (file.size > PACKAGE_MAX_BYTES) return 'plugin_package.too_large';
  return null;
}

export class PackageUploadError extends Error {
  constructor(
    readonly appCode: string | undefined,
    readonly status: number,
    /** The server's own words (the problems it found in package.json), shown below the message. */
    readonly detail: string | null = null,
  ) {
    super(`plugin package upload failed: ${appCode ?? status}`);
    this.name = 'PackageUploadError';
  }
  // Lets describeError() read it like a tRPC error.
  get data() {
    return { appCode: this.appCode };
  }
}

function isPreview(body: unknown): body is TPackagePreview {
  const b = body as Partial<TPackagePreview> | null;
  return (
    typeof b?.name === 'string' &&
    typeof b.version === 'string' &&
    typeof b.sha256 === 'string' &&
    Array.isArray(b.permissions?.networkHosts) &&
    Array.isArray(b.permissions?.capabilities)
  );
}

/** Reads the server's answer: the preview, or an error with its appCode and detail. */
export function readUploadAnswer(status: number, body: unknown): TPackagePreview {
  if (status >= 200 && status < 300 && isPreview(body)) return body;
  const error = (body as { error?: { appCode?: unknown; message?: unknown } } | null)?.error;
  const appCode =
    typeof error?.appCode === 'string'
      ? error.appCode
      : status === 413
        ? 'plugin_package.too_large'
        : undefined;
  const detail =
    appCode === 'plugin_package.invalid' && typeof error?.message === 'string' ? error.message : null;
  throw new PackageUploadError(appCode, status, detail);
}

export async function uploadPackage(file: File): Promise<TPackagePreview> {
  const response = await fetch('/uploads/plugin-package', {
    method: 'POST',
    body: file,
    headers: { 'Content-Type': 'application/gzip' },
    credentials: 'same-origin',
  });
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {}
  return readUploadAnswer(response.status, body);
}
