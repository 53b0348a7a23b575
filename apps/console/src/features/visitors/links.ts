/**
 * A URL that a page or visitor reported, when it is safe to open: http(s) only. `javascript:`,
 * `data:` and `vbscript:` URLs would run or show content of the sender's choosing under our origin.
 */
export function webUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
