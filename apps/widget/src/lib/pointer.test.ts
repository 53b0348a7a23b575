import { describe, expect, it } from 'vitest';
import { isSamePage } from './pointer';

describe('isSamePage', () => {
  it('matches origin and path, ignoring query, hash and a trailing slash', () => {
    expect(isSamePage('https://shop.test/pricing', 'https://shop.test/pricing/?a=1#plans')).toBe(true);
    expect(isSamePage(null, 'https://shop.test/')).toBe(true);
  });
  it('refuses another page, another site or a broken URL', () => {
    expect(isSamePage('https://shop.test/pricing', 'https://shop.test/')).toBe(false);
    expect(isSamePage('https://shop.test/pricing', 'https://evil.test/pricing')).toBe(false);
    expect(isSamePage('not a url', 'https://shop.test/')).toBe(false);
  });
});
