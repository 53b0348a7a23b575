import { sanitizePage } from '@parley/widget/page-snapshot';

/** What the snapshot frame starts with (`srcdoc`); `fillSnapshotFrame` puts the copy in once loaded. */
export const EMPTY_SNAPSHOT_DOC = '<!doctype html><html><head></head><body></body></html>';

/**
 * C6 on another site: shows the copy of the visitor's page (widget.pageSnapshot) in `frame`, an
 * `srcdoc` frame sandboxed without scripts (it inherits the console's CSP, `script-src 'self'`). The
 * copy is parsed inertly (DOMParser runs nothing, loads nothing) and sanitised again here, since the
 * visitor's page could send anything. Under the console's `style-src 'self'` inline CSS does not
 * apply, so the page's CSS goes in through the CSSOM: a constructed sheet and `style.cssText`.
 */
export function fillSnapshotFrame(frame: HTMLIFrameElement, html: string, url: string): void {
  const doc = frame.contentDocument;
  const win = frame.contentWindow as (Window & typeof globalThis) | null;
  if (!doc || !win) return;
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const css = [...parsed.querySelectorAll('style')].map((s) => s.textContent ?? '').join('\n');
  sanitizePage(parsed.documentElement, url);
  const styled = [...parsed.querySelectorAll('[style]')].map((el) => {
    const value = el.getAttribute('style') ?? '';
    el.removeAttribute('style');
    return [el, value] as const;
  });
  const root = doc.adoptNode(parsed.documentElement);
  doc.replaceChild(root, doc.documentElement);
  for (const [el, value] of styled) (el as HTMLElement).style.cssText = value;
  try {
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(css);
    doc.adoptedStyleSheets = [sheet];
  } catch {
    // A browser without constructed sheets: the agent picks in the unstyled page.
  }
}
