import { useLayoutEffect } from 'react';

/**
 * Dialogs give focus back (WCAG 2.4.3): while `active`, remembers what had focus when it began; when it
 * ends (or the component unmounts) and focus was left on nothing (the closed dialog took it along),
 * focus returns there. A native modal <dialog> tries the same, but not when it is removed as it closes
 * or when focus had wandered to the browser's own controls meanwhile.
 */
export function useFocusReturn(active = true) {
  useLayoutEffect(() => {
    if (!active) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => {
      requestAnimationFrame(() => {
        const now = document.activeElement;
        if (opener?.isConnected && (!now || now === document.body)) opener.focus();
      });
    };
  }, [active]);
}
