/** Client-side checks return the same stable ids the server uses, so one mapping localises both. */
export type TFieldErrorIds = Record<string, string>;

// Deliberately loose: the server has the final word; this only catches obvious typos before a round trip.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// Mirrors the server's PASSWORD_MIN (apps/api/src/auth/password.ts); the server still decides.
export const PASSWORD_MIN = 8;

export type TRule = 'required' | 'email' | 'password';

export function validateFields(
  values: Record<string, string>,
  rules: Record<string, TRule[]>,
): TFieldErrorIds {
  const errors: TFieldErrorIds = {};
  for (const [field, fieldRules] of Object.entries(rules)) {
    const value = (values[field] ?? '').trim();
    for (const rule of fieldRules) {
      if (rule === 'required' && value === '') {
        errors[field] = 'validation.required';
        break;
      }
      if (rule === 'email' && value !== '' && !EMAIL.test(value)) {
        errors[field] = 'validation.email';
        break;
      }
      // Passwords are checked untrimmed: spaces count.
      if (rule === 'password' && (values[field] ?? '').length < PASSWORD_MIN) {
        errors[field] = 'validation.too_short';
        break;
      }
    }
  }
  return errors;
}

export function hasErrors(errors: TFieldErrorIds): boolean {
  return Object.keys(errors).length > 0;
}
