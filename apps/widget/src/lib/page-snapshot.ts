/**
 * C6 on another site: the visitor's page copied for the agent's picker, made inert. Used twice: by
 * the loader's snapshot chunk on the visitor's page (nothing that runs code, nor the page's form
 * values, leaves the page) and by the console before it shows the copy (the copy is the visitor's
 * data, never trusted). The console's frame runs no script whatever this leaves (sandbox + CSP).
 */

/** Code, other documents, styles (sent apart) and the widget itself: replaced, never shown. */
const REPLACED = new Set([
  'script',
  'noscript',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'portal',
  'template',
  'link',
  'meta',
  'base',
  'style',
  'animate',
  'set',
  'animatemotion',
  'animatetransform',
  'parley-widget',
]);

/** Attributes holding a URL: made absolute, since the copy is shown elsewhere than its page. */
const URL_ATTRIBUTES = new Set(['src', 'href', 'xlink:href', 'poster', 'background', 'cite']);

/** Attributes that act or carry what the visitor typed or the site keeps private. */
const DROPPED = new Set(['action', 'formaction', 'srcset', 'autoplay', 'autofocus', 'value', 'ping']);

/** Where an element's `style` attribute travels; the console applies it through the CSSOM. */
export const STYLE_ATTRIBUTE = 'data-parley-style';

/** What stands in for a replaced element, so `:nth-child` positions stay those of the live page. */
export const PLACEHOLDER = 'parley-removed';

/**
 * Makes `root` (a detached copy) inert in place; `base` resolves its relative URLs. URLs to `ownOrigin`
 * go too: the console passes its own, so a copy cannot make the agent's browser request Parley with
 * the agent's cookie.
 */
export function sanitizePage(root: Element, base: string, ownOrigin?: string): void {
  for (const el of [...root.querySelectorAll('*')]) {
    const name = el.localName.toLowerCase();
    if (REPLACED.has(name)) {
      el.replaceWith(el.ownerDocument.createElement(PLACEHOLDER));
      continue;
    }
    if (name === 'textarea') el.textContent = '';
    for (const attr of [...el.attributes]) {
      const key = attr.name.toLowerCase();
      // Browsers ignore control characters and spaces inside a URL's scheme (`java\tscript:`).
      const value = attr.value.replace(/[\p{Cc}\s]/gu, '').toLowerCase();
      if (
        key.startsWith('on') ||
        DROPPED.has(key) ||
        /^(javascript|vbscript):/.test(value) ||
        (value.startsWith('data:') && !value.startsWith('data:image/') && URL_ATTRIBUTES.has(key))
      )
        el.removeAttribute(attr.name);
      else if (URL_ATTRIBUTES.has(key)) {
        const url = absolute(attr.value, base);
        if (ownOrigin && url.startsWith(`${ownOrigin}/`)) el.removeAttribute(attr.name);
        else el.setAttribute(attr.name, url);
      } else if (key === 'style') {
        // Kept aside: a style attribute parsed under the console's CSP is refused (and reported).
        el.removeAttribute(attr.name);
        el.setAttribute(STYLE_ATTRIBUTE, attr.value);
      }
    }
  }
}

function absolute(url: string, base: string): string {
  try {
    return new URL(url, base).href;
  } catch {
    return '';
  }
}

/** The page's own CSS (same-origin sheets; others cannot be read), its URLs made absolute. */
export function pageCss(sheets: Iterable<CSSStyleSheet>, base: string): string {
  let css = '';
  for (const sheet of sheets) {
    try {
      if (sheet.disabled) continue;
      const from = sheet.href ?? base;
      const rules = [...sheet.cssRules]
        .map((rule) => rule.cssText)
        .join('\n')
        .replace(
          /url\(\s*(['"]?)([^'")]*)\1\s*\)/g,
          (_m, _q, url: string) => `url("${absolute(url, from)}")`,
        );
      css += sheet.media.length ? `@media ${sheet.media.mediaText}{${rules}}\n` : `${rules}\n`;
    } catch {
      // Another site's stylesheet without CORS: its rules cannot be read from script.
    }
  }
  return css;
}
