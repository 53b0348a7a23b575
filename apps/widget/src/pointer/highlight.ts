/**
 * C6: scrolls the host page to the element an agent pointed at and frames it for a few seconds.
 * Not colour alone: the rest of the page is dimmed, the frame is a thick dashed line with a white
 * halo, and a label names who points (read out as a status). Motion only without
 * prefers-reduced-motion. The selector comes from the server: parsed in a try/catch.
 */
const HIGHLIGHT_CSS =
  '.h{position:fixed;z-index:2;pointer-events:none;border:4px dashed;outline:3px solid #fff;border-radius:6px;box-shadow:0 0 0 9999px #0006}' +
  '.h span{position:absolute;bottom:100%;padding:2px 6px;background:#111;color:#fff;font:600 13px system-ui}' +
  '@media (prefers-reduced-motion:no-preference){.h{animation:q .8s 3}}@keyframes q{50%{outline-offset:6px}}';

export function highlight(root: ShadowRoot, selector: string, label: string, ms = 4000): boolean {
  let target: Element | null = null;
  try {
    target = document.querySelector(selector);
  } catch {}
  if (!target) return false;
  root.querySelector('.h')?.remove();
  if (!root.querySelector('style.hs')) {
    const style = document.createElement('style');
    style.className = 'hs';
    style.textContent = HIGHLIGHT_CSS;
    root.appendChild(style);
  }
  const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
  target.scrollIntoView({ block: 'center', behavior: still ? 'auto' : 'smooth' });
  const box = document.createElement('div');
  box.className = 'h';
  box.setAttribute('role', 'status');
  box.innerHTML = '<span></span>';
  (box.firstChild as HTMLElement).textContent = label;
  root.appendChild(box);
  const end = Date.now() + ms;
  // Follows the element while the page scrolls (smooth scrolling, the visitor's own).
  const follow = () => {
    if (!box.isConnected) return;
    if (Date.now() > end) return box.remove();
    const r = (target as Element).getBoundingClientRect();
    box.style.cssText = `top:${r.top - 6}px;left:${r.left - 6}px;width:${r.width + 12}px;height:${r.height + 12}px`;
    requestAnimationFrame(follow);
  };
  follow();
  return true;
}
