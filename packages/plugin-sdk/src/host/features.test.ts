import { describe, expect, it } from 'vitest';
import { PluginError } from '../errors.js';
import type { Outbound } from '../types.js';
import { checkAgainstFeatures } from './features.js';

const file = (bytes: number) => ({
  fileName: 'a.pdf',
  mimeType: 'application/pdf',
  data: Buffer.alloc(bytes),
});
const message = (extra: Partial<Outbound> = {}): Outbound => ({
  to: { externalId: '1' },
  text: 'hi',
  ...extra,
});

const stamp = { plugin: 'channel-test', installId: 'i1' };

function refusal(run: () => void): PluginError {
  try {
    run();
  } catch (err) {
    return err as PluginError;
  }
  throw new Error('expected a refusal');
}

describe('checkAgainstFeatures', () => {
  it('lets through what the channel declared it carries', () => {
    expect(() =>
      checkAgainstFeatures(
        { attachments: true, maxAttachmentBytes: 10, maxTextLength: 2 },
        message({ attachments: [file(10)] }),
        stamp,
      ),
    ).not.toThrow();
  });

  it('refuses files on a text-only channel, oversized files and long text, as input errors', () => {
    const cases = [
      refusal(() => checkAgainstFeatures({ attachments: false }, message({ attachments: [file(1)] }), stamp)),
      refusal(() =>
        checkAgainstFeatures(
          { attachments: true, maxAttachmentBytes: 2 * 1024 * 1024 },
          message({ attachments: [file(2 * 1024 * 1024 + 1)] }),
          stamp,
        ),
      ),
      refusal(() => checkAgainstFeatures({ attachments: false, maxTextLength: 1 }, message(), stamp)),
    ];
    expect(cases.map((e) => e.message)).toEqual([
      'this channel does not carry attachments',
      "a.pdf is over this channel's limit of 2 MB",
      'text longer than 1 characters',
    ]);
    for (const e of cases) {
      expect(e).toBeInstanceOf(PluginError);
      expect(e.kind).toBe('input');
      expect(e.retryable).toBe(false);
      expect(e).toMatchObject(stamp);
    }
  });
});
