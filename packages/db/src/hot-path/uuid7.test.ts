import { describe, expect, it } from 'vitest';
import { uuid7 } from './uuid7';

describe('uuid7', () => {
  it('is a version 7 UUID with the time in its first 48 bits', () => {
    const at = Date.UTC(2026, 11, 7, 10, 45);
    const id = uuid7(at + 1_000_000);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at + 1_000_000);
  });

  it('sorts in the order made, also within one millisecond and past 4,096 in it', () => {
    const at = Date.UTC(2030, 0, 1);
    const ids = Array.from({ length: 5000 }, () => uuid7(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // An earlier time than the last id's is not allowed to sort before it.
    const later = uuid7(at - 5);
    expect(later > (ids.at(-1) as string)).toBe(true);
  });
});
