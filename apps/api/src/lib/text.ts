import { z } from 'zod';

/**
 * Text people type: trimmed, well-formed Unicode (no lone surrogates, which JSON can smuggle in),
 * no control characters except newline and tab. Stored as given and always rendered as text.
 */
// Node 20 has String#isWellFormed but TypeScript's ES2023 lib does not; this is the same test.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string) => !LONE_SURROGATE.test(s);

export const ZText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(wellFormed, { message: 'Invalid characters' })
    .transform((s) => s.replace(/[^\P{Cc}\n\t]/gu, ''));

export const ZOptionalText = (max: number) =>
  z.string().trim().max(max).refine(wellFormed, { message: 'Invalid characters' }).nullish();

export const ZClientId = z.string().min(8).max(64);
