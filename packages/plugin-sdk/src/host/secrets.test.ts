import { describe, expect, it } from 'vitest';
import { createSecretBox, generateSecretKey, openConfig, sealConfig } from './secrets.js';

describe('secret box', () => {
  const box = createSecretBox(generateSecretKey());
  it('round-trips and refuses tampering or another context', () => {
    const c = box.encrypt('token', 'plugin:x:token');
    expect(c).toMatch(/^enc:v1:/);
    expect(box.decrypt(c, 'plugin:x:token')).toBe('token');
    expect(() => box.decrypt(c, 'plugin:y:token')).toThrow();
    const tampered = `${c.slice(0, -2)}${c.endsWith('A') ? 'B' : 'A'}A`;
    expect(() => box.decrypt(tampered, 'plugin:x:token')).toThrow();
    expect(box.encrypt('token')).not.toBe(box.encrypt('token'));
  });
  it('seals only secret fields', () => {
    const sealed = sealConfig(box, 'p', ['token'], { token: 'abc', url: 'https://x' });
    expect(JSON.parse(sealed).url).toBe('https://x');
    expect(sealed).not.toContain('abc');
    expect(openConfig(box, 'p', sealed)).toEqual({ token: 'abc', url: 'https://x' });
  });
  it('refuses short keys', () => {
    expect(() => createSecretBox('short')).toThrow(/PARLEY_SECRET_KEY/);
  });
});
