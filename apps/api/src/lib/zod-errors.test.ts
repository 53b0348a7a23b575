import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZEmail, ZPassword } from './schemas';
import { zodFieldErrors } from './zod-errors';

describe('zodFieldErrors', () => {
  const schema = z.object({
    email: ZEmail,
    password: ZPassword,
    role: z.enum(['a', 'b']),
    nested: z.object({ n: z.number() }),
  });
  it('maps each field to one stable message id', () => {
    const result = schema.safeParse({ email: 'x', password: 'short', role: 'c', nested: { n: 'x' } });
    expect(result.success).toBe(false);
    expect(zodFieldErrors(result.error!)).toEqual({
      email: 'validation.email',
      password: 'validation.too_short',
      role: 'validation.choice',
      'nested.n': 'validation.invalid',
    });
  });
  it('calls missing and empty values required, long ones too long', () => {
    const result = z
      .object({ a: z.string().min(1), b: z.string(), c: z.string().max(2) })
      .safeParse({ a: '', c: 'long' });
    expect(zodFieldErrors(result.error!)).toEqual({
      a: 'validation.required',
      b: 'validation.required',
      c: 'validation.too_long',
    });
  });
  it('names web addresses and the ids refinements give (one mapping with plugin configs)', () => {
    const result = z
      .object({ site: z.url(), tag: z.string().refine((v) => !v.includes('\n'), 'validation.single_line') })
      .safeParse({ site: 'not a url', tag: 'a\nb' });
    expect(zodFieldErrors(result.error!)).toEqual({ site: 'validation.url', tag: 'validation.single_line' });
  });
  it('normalises emails to lower case before validating', () => {
    expect(ZEmail.parse('  Ayse@Example.COM ')).toBe('ayse@example.com');
  });
});
