import { describe, expect, it } from 'vitest';
import { PluginError } from './errors.js';
import { fetchParts, missingPartText, reasonOf } from './parts.js';

describe('fetchParts', () => {
  it("keeps what downloaded and names what did not, with the provider's reason", async () => {
    const ok = { fileName: 'a.pdf', mimeType: 'application/pdf', data: Buffer.from('%PDF') };
    const { attachments, missing } = await fetchParts([
      { label: 'Document', fetch: async () => ok },
      {
        label: 'Photo',
        retry: 'photo-1',
        fetch: async () => {
          throw new PluginError('Telegram getFile: Bad Request: file is too big', { kind: 'input' });
        },
      },
      {
        label: 'Voice message',
        fileName: 'voice.ogg',
        retry: 'voice-1',
        fetch: async () => {
          throw new PluginError('Telegram file download: HTTP 502', { kind: 'provider' });
        },
      },
    ]);
    expect(attachments).toEqual([ok]);
    expect(missing).toEqual([
      // Too big is for good: no retry. A provider's 502 may pass: fetched again later.
      { label: 'Photo', reason: 'file is too big' },
      { label: 'Voice message', fileName: 'voice.ogg', reason: 'HTTP 502', retry: 'voice-1' },
    ]);
    expect(missing.map(missingPartText)).toEqual([
      'Photo could not be downloaded: file is too big',
      'Voice message (voice.ogg) could not be downloaded: HTTP 502',
    ]);
  });

  it('stops the message when the install is being disposed (the provider redelivers elsewhere)', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      fetchParts(
        [
          {
            label: 'Photo',
            fetch: async () => {
              throw new Error('aborted');
            },
          },
        ],
        controller.signal,
      ),
    ).rejects.toThrow('aborted');
  });

  it('reads the last clause of an error as the reason', () => {
    expect(reasonOf(new Error('WhatsApp media lookup: Media not found'))).toBe('Media not found');
    expect(reasonOf('plain')).toBe('plain');
  });
});
