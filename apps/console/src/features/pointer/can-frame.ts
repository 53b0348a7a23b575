/**
 * C6: the picker renders the visitor's page in a sandboxed iframe and reads its DOM, which the
 * browser allows only for pages of the console's own origin (e.g. the demo shop served by Parley).
 * Pages of other sites send a sanitised copy of themselves instead (snapshot-frame.ts).
 */
export function canFrame(pageUrl: string | null | undefined, consoleOrigin: string): boolean {
  if (!pageUrl) return false;
  try {
    const url = new URL(pageUrl);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === consoleOrigin;
  } catch {
    return false;
  }
}
