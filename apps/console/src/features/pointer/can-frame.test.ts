import { describe, expect, it } from 'vitest';
import { canFrame } from './can-frame';

describe('canFrame', () => {
  it('frames pages of the console’s own origin only', () => {
    expect(canFrame('http://localhost:3000/demo/pricing?x=1', 'http://localhost:3000')).toBe(true);
    expect(canFrame('https://shop.example/pricing', 'http://localhost:3000')).toBe(false);
    expect(canFrame('javascript:alert(1)', 'http://localhost:3000')).toBe(false);
    expect(canFrame('not a url', 'http://localhost:3000')).toBe(false);
    expect(canFrame(null, 'http://localhost:3000')).toBe(false);
  });
});
