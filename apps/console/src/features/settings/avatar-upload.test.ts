import { describe, expect, it } from 'vitest';
import { describeError } from '../../lib/errors';
import { AVATAR_MAX_BYTES, AvatarUploadError, checkAvatarFile } from './avatar-upload';

describe('checkAvatarFile', () => {
  it('accepts the supported image types up to 5 MB', () => {
    expect(checkAvatarFile({ type: 'image/png', size: 10 })).toBeNull();
    expect(checkAvatarFile({ type: 'image/webp', size: AVATAR_MAX_BYTES })).toBeNull();
  });

  it('rejects other types and large files', () => {
    expect(checkAvatarFile({ type: 'image/svg+xml', size: 10 })).toBe('avatar.bad_type');
    expect(checkAvatarFile({ type: 'image/jpeg', size: AVATAR_MAX_BYTES + 1 })).toBe('avatar.too_large');
  });

  it('upload errors map through the shared error table', () => {
    expect(describeError(new AvatarUploadError('avatar.too_large', 413)).message.id).toBe(
      'error.avatar.too_large',
    );
  });
});
