export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;

/** Checks what the server would refuse anyway, so the agent learns it before a 5 MB upload. */
export function checkAvatarFile(file: { type: string; size: number }): string | null {
  if (!(AVATAR_TYPES as readonly string[]).includes(file.type)) return 'avatar.bad_type';
  if (file.size > AVATAR_MAX_BYTES) return 'avatar.too_large';
  return null;
}

export class AvatarUploadError extends Error {
  constructor(
    readonly appCode: string | undefined,
    readonly status: number,
  ) {
    super(`avatar upload failed: ${appCode ?? status}`);
    this.name = 'AvatarUploadError';
  }
  // Lets describeError() read it like a tRPC error.
  get data() {
    return { appCode: this.appCode };
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function appCodeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null || !('appCode' in error)) return undefined;
  const appCode = (error as { appCode: unknown }).appCode;
  return typeof appCode === 'string' ? appCode : undefined;
}

// For answers without a JSON body (e.g. a proxy's own 413 page).
function appCodeForStatus(status: number): string | undefined {
  if (status === 413) return 'avatar.too_large';
  if (status === 415) return 'avatar.bad_type';
  return undefined;
}

export async function uploadAvatar(file: File): Promise<{ avatarUrl: string }> {
  const response = await fetch('/uploads/avatar', {
    method: 'POST',
    body: file,
    headers: { 'Content-Type': file.type },
    credentials: 'same-origin',
  });
  const body = await readJson(response);
  if (!response.ok) {
    throw new AvatarUploadError(appCodeOf(body) ?? appCodeForStatus(response.status), response.status);
  }
  const avatarUrl = (body as { avatarUrl?: unknown } | null)?.avatarUrl;
  if (typeof avatarUrl !== 'string') throw new AvatarUploadError(undefined, response.status);
  return { avatarUrl };
}

export async function removeAvatar(): Promise<void> {
  const response = await fetch('/uploads/avatar', { method: 'DELETE', credentials: 'same-origin' });
  if (!response.ok) throw new AvatarUploadError(appCodeOf(await readJson(response)), response.status);
}
