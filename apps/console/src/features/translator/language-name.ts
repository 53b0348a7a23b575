/** `tr` → "Turkish" (in the console's language); the code itself when the browser can't name it. */
export function languageName(code: string | null | undefined, locale: string): string {
  if (!code) return '?';
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
