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

/**
 * Names shown on one line (tags): a newline would be lost by every single-line field that edits
 * them, so it is refused with its own message rather than silently changed.
 */
export const ZLine = (max: number) =>
  ZText(max).refine((s) => !s.includes('\n'), { message: 'validation.single_line' });

/**
 * Bidi embedding, override and isolate controls (and the marks): in a file name they reorder what
 * people read, e.g. U+202E makes `invoice_fdp.exe` look like `invoice_exe.pdf`.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
export const stripBidiControls = (s: string) => s.replace(BIDI_CONTROLS, '');

/**
 * What a browser reports about a page (title, URL) is recorded, never refused: real pages have
 * 1,000-character titles and URLs full of tracking parameters. Cut to `max` characters, without
 * leaving half a surrogate pair at the end.
 */
export function clipText(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

export const ZClientId = z.string().min(8).max(64);
