import { describe, expect, it } from 'vitest';
import { hasErrors, validateFields } from './validation';

describe('validateFields', () => {
  it('reports required and email ids', () => {
    const errors = validateFields(
      { email: 'not-an-email', password: '  ', name: 'Ada' },
      { email: ['required', 'email'], password: ['required'], name: ['required'] },
    );
    expect(errors).toEqual({ email: 'validation.email', password: 'validation.required' });
    expect(hasErrors(errors)).toBe(true);
  });

  it('reports only "required" for an empty email', () => {
    expect(validateFields({ email: '' }, { email: ['required', 'email'] })).toEqual({
      email: 'validation.required',
    });
  });

  it('wants passwords of at least 8 characters', () => {
    expect(validateFields({ password: '1234567' }, { password: ['required', 'password'] })).toEqual({
      password: 'validation.too_short',
    });
    expect(validateFields({ password: '12345678' }, { password: ['required', 'password'] })).toEqual({});
  });

  it('accepts valid input in any letter case', () => {
    const errors = validateFields({ email: 'Ada@Example.COM' }, { email: ['required', 'email'] });
    expect(hasErrors(errors)).toBe(false);
  });
});
