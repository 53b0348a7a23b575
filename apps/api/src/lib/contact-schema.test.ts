import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CONTACT_NAME_MAX, ZContactFields } from './contact-schema';
import { zodFieldErrors } from './zod-errors';

const ZContact = z.object(ZContactFields);

describe('ZContactFields', () => {
  it('normalises what it keeps: trimmed, the email lower-cased', () => {
    expect(
      ZContact.parse({ name: ' Ada ', email: ' Ada@Example.COM ', phone: ' +90 (555) 123-45 ' }),
    ).toEqual({
      name: 'Ada',
      email: 'ada@example.com',
      phone: '+90 (555) 123-45',
    });
  });

  it('clears a field sent blank or null and keeps one left out', () => {
    expect(ZContact.parse({ name: '', email: '', phone: '  ' })).toEqual({
      name: null,
      email: null,
      phone: null,
    });
    expect(ZContact.parse({ email: null })).toEqual({ email: null });
  });

  it('refuses a bad email, a phone with letters and a name over the limit, with stable ids', () => {
    const result = ZContact.safeParse({
      name: 'x'.repeat(CONTACT_NAME_MAX + 1),
      email: 'not-an-email',
      phone: '555-CALL-NOW',
    });
    expect(result.success).toBe(false);
    expect(result.error && zodFieldErrors(result.error)).toEqual({
      name: 'validation.too_long',
      email: 'validation.email',
      phone: 'validation.format',
    });
  });
});
