import { type RefObject, useEffect } from 'react';

/**
 * Floating cards (chat requests, reminders) stay above this element: its distance from the bottom
 * of the window is published as `--keep-clear` on the document, which their stacks add to their
 * bottom offset (styles.css). Used for the composer, so a card never hides where the agent types.
 */
export function useKeepClear(ref: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const root = document.documentElement;
    const update = () => {
      const clearance = Math.max(0, window.innerHeight - element.getBoundingClientRect().top);
      root.style.setProperty('--keep-clear', `${Math.round(clearance)}px`);
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    window.addEventListener('resize', update);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', update);
      root.style.removeProperty('--keep-clear');
    };
  }, [ref]);
}
