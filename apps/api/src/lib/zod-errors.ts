import type { z } from 'zod';

/**
 * Zod issues → `{ field: messageId }` with stable ids (`validation.email`...) that clients translate.
 * Only the first issue per field is kept: one clear message beats a list.
 */
export function zodFieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.join('.') || '_';
    if (!out[field]) out[field] = messageIdFor(issue);
  }
  return out;
}

function messageIdFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      // Zod 4 leaves the input out of issues; its default message names what was received.
      return /received (undefined|null)$/.test(issue.message) ? 'validation.required' : 'validation.invalid';
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) <= 1
        ? 'validation.required'
        : 'validation.too_short';
    case 'too_big':
      return 'validation.too_long';
    case 'invalid_format':
      return issue.format === 'email' ? 'validation.email' : 'validation.format';
    case 'invalid_value':
      return 'validation.choice';
    case 'custom':
      // A refinement may name its own message id (e.g. ZLine's validation.single_line).
      return issue.message.startsWith('validation.') ? issue.message : 'validation.invalid';
    default:
      return 'validation.invalid';
  }
}
