import { describe, expect, it } from 'vitest';
import { contrastRatio, inkOnWhite, luminance, textOn } from './contrast';

const ratio = (a: string, b: string) => contrastRatio(luminance(a) ?? 0, luminance(b) ?? 0);

describe('channel colour contrast', () => {
  it('reads luminance as WCAG defines it and refuses what is not a hex colour', () => {
    expect(luminance('#ffffff')).toBeCloseTo(1);
    expect(luminance('#000')).toBe(0);
    expect(ratio('#767676', '#ffffff')).toBeCloseTo(4.54, 1);
    expect(luminance('red')).toBeNull();
    expect(luminance('#12345')).toBeNull();
  });

  it('keeps white text on dark brand colours and switches to black on light ones', () => {
    expect(textOn('#2a64d8')).toBe('#ffffff');
    expect(textOn('#ffd400')).toBe('#000000');
    expect(textOn('not a colour')).toBe('#ffffff');
  });

  it('reaches 4.5:1 for the text on every fill, across the whole colour range', () => {
    for (let r = 0; r < 256; r += 17)
      for (let g = 0; g < 256; g += 17)
        for (let b = 0; b < 256; b += 17) {
          const color = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
          expect(ratio(color, textOn(color))).toBeGreaterThanOrEqual(4.5);
          expect(ratio(inkOnWhite(color), '#ffffff')).toBeGreaterThanOrEqual(4.5);
        }
  });

  it('leaves a colour that already reads on white as it is', () => {
    expect(inkOnWhite('#2a64d8')).toBe('#2a64d8');
    expect(inkOnWhite('#ffd400')).not.toBe('#ffd400');
  });
});
