/**
 * C6 on another site: a sanitised copy of the host page for the agent's pointer picker, or null when
 * it is larger than the API takes.
 */
import { pageCss, sanitizePage } from '../lib/page-snapshot';
import { LIMITS } from '../types';

export function snapshot(): string | null {
  const root = document.documentElement.cloneNode(true) as Element;
  sanitizePage(root, document.baseURI);
  const html = () => `<!doctype html>${root.outerHTML}`;
  const css = pageCss(document.styleSheets, document.baseURI);
  // At the end of <head>: the positions of the page's own elements stay as they are.
  const style = document.createElement('style');
  style.textContent = css;
  root.querySelector('head')?.append(style);
  if (html().length <= LIMITS.snapshot) return html();
  // Too large with its styles: the agent can still pick in the unstyled page.
  style.remove();
  return html().length <= LIMITS.snapshot ? html() : null;
}
