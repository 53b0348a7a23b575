import { describe, expect, it } from 'vitest';
import { formatFileSize, readUploadError, uploadUrl } from './upload';

describe('file uploads', () => {
  it('puts the conversation, idempotency key and name in the query', () => {
    expect(uploadUrl({ conversationId: 'c1', clientId: 'k1', name: 'a b.png' })).toBe(
      '/uploads/file?conversationId=c1&clientId=k1&name=a+b.png',
    );
  });
  it('reads the server error id, or infers it from the status', () => {
    expect(readUploadError(400, '{"error":{"appCode":"file.type_not_allowed"}}').appCode).toBe(
      'file.type_not_allowed',
    );
    expect(readUploadError(413, '<html>Too large</html>').appCode).toBe('file.too_large');
    expect(readUploadError(500, '').appCode).toBeUndefined();
  });
  it('formats sizes', () => {
    expect(formatFileSize(512, 'en')).toBe('512 byte');
    expect(formatFileSize(1536, 'en')).toBe('1.5 kB');
    expect(formatFileSize(5 * 1024 * 1024, 'en')).toBe('5 MB');
  });
});
