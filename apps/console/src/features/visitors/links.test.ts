import { describe, expect, it } from 'vitest';
import { webUrl } from './links';

describe('webUrl', () => {
  it('keeps http and https addresses', () => {
    expect(webUrl('https://shop.test/a?b=1')).toBe('https://shop.test/a?b=1');
    expect(webUrl('http://shop.test')).toBe('http://shop.test/');
  });
  it('refuses every other scheme, whatever its case or padding, and garbage', () => {
    for (const raw of [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'not a url',
      '',
      null,
    ]) {
      expect(webUrl(raw)).toBeNull();
    }
  });
});
