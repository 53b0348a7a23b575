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
        fetch: async () => {
          throw new PluginError('Telegram getFile: Bad Request: file is too big', { kind: 'input' });
        },
      },
      {
        label: 'Voice message',
        fileName: 'voice.ogg',
        fetch: async () => {
          throw new TypeError('Invalid URL');
        },
      },
    ]);
    expect(attachments).toEqual([ok]);
    expect(missing).toEqual([
      { label: 'Photo', reason: 'file is too big' },
      { label: 'Voice message', fileName: 'voice.ogg', reason: 'Invalid URL' },
    ]);
    expect(missing.map(missingPartText)).toEqual([
      'Photo could not be downloaded: file is too big',
      'Voice message (voice.ogg) could not be downloaded: Invalid URL',
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
