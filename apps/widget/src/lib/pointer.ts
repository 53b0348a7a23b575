/**
 * C6: a pointer picked on one page is shown only on that page (same origin and path; query and
 * hash may differ). Without a URL it applies to whatever page is open.
 */
export function isSamePage(pickedOn: string | null, current: string): boolean {
  if (!pickedOn) return true;
  try {
    const a = new URL(pickedOn);
    const b = new URL(current);
    return a.origin === b.origin && a.pathname.replace(/\/$/, '') === b.pathname.replace(/\/$/, '');
  } catch {
    return false;
  }
}
