import { describe, expect, it } from 'vitest';
import { clipText, stripBidiControls, ZLine } from './text';
import { zodFieldErrors } from './zod-errors';

describe('clipText', () => {
  it('keeps short text and cuts long text to the limit', () => {
    expect(clipText('Shop', 300)).toBe('Shop');
    expect(clipText('x'.repeat(5000), 300)).toHaveLength(300);
  });
  it('never leaves half a surrogate pair at the end', () => {
    const cut = clipText(`${'a'.repeat(299)}😀`, 300);
    expect(cut).toBe('a'.repeat(299));
  });
});

describe('stripBidiControls', () => {
  it('removes overrides, embeddings, isolates and marks, and nothing else', () => {
    expect(stripBidiControls('invoice_\u202Efdp.exe')).toBe('invoice_fdp.exe');
    expect(stripBidiControls('\u2066a\u2069\u200Eb\u200F\u061C')).toBe('ab');
    expect(stripBidiControls('فاتورة.pdf')).toBe('فاتورة.pdf');
  });
});

describe('ZLine', () => {
  it('refuses a newline with its own message id', () => {
    const result = ZLine(40).safeParse('two\nlines');
    expect(result.success).toBe(false);
    expect(zodFieldErrors(result.error!)).toEqual({ _: 'validation.single_line' });
    expect(ZLine(40).parse('  VIP\t ')).toBe('VIP');
  });
});
