/**
 * C6 on another site: a sanitised copy of the host page for the agent's pointer picker, or null when
 * it is larger than the API takes.
 */
import { pageCss, sanitizePage } from '../lib/page-snapshot';
import { LIMITS, type PageCopy } from '../types';

export function snapshot(): PageCopy | null {
  const root = document.documentElement.cloneNode(true) as Element;
  sanitizePage(root, document.baseURI);
  const html = `<!doctype html>${root.outerHTML}`;
  const css = pageCss(document.styleSheets, document.baseURI);
  if (html.length + css.length <= LIMITS.snapshot) return { html, css };
  // Too large with its styles: the agent can still pick in the unstyled page.
  return html.length <= LIMITS.snapshot ? { html, css: '' } : null;
}
