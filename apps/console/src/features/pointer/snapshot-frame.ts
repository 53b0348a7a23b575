import { STYLE_ATTRIBUTE, sanitizePage } from '@parley/widget/page-snapshot';

/** What the snapshot frame starts with (`srcdoc`); `fillSnapshotFrame` puts the copy in once loaded. */
export const EMPTY_SNAPSHOT_DOC = '<!doctype html><html><head></head><body></body></html>';

/**
 * C6 on another site: shows the copy of the visitor's page (widget.pageSnapshot) in `frame`, an
 * `srcdoc` frame sandboxed without scripts (it inherits the console's CSP, `script-src 'self'`). The
 * copy is parsed inertly (DOMParser runs nothing, loads nothing) and sanitised again here, since the
 * visitor's page could send anything. Under the console's `style-src 'self'` inline CSS does not
 * apply, so the page's CSS goes in through the CSSOM: a constructed sheet and `style.cssText`.
 */
export function fillSnapshotFrame(
  frame: HTMLIFrameElement,
  copy: { html: string; css: string; url: string },
): void {
  const doc = frame.contentDocument;
  const win = frame.contentWindow as (Window & typeof globalThis) | null;
  if (!doc || !win) return;
  const parsed = new DOMParser().parseFromString(copy.html, 'text/html');
  sanitizePage(parsed.documentElement, copy.url, window.location.origin);
  const root = doc.adoptNode(parsed.documentElement);
  doc.replaceChild(root, doc.documentElement);
  for (const el of root.querySelectorAll<HTMLElement>(`[${STYLE_ATTRIBUTE}]`)) {
    el.style.cssText = el.getAttribute(STYLE_ATTRIBUTE) ?? '';
    el.removeAttribute(STYLE_ATTRIBUTE);
  }
  try {
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(copy.css);
    doc.adoptedStyleSheets = [sheet];
  } catch {
    // A browser without constructed sheets: the agent picks in the unstyled page.
  }
}
