import { type RefObject, useCallback, useLayoutEffect, useRef } from 'react';

/**
 * Puts the caret of a controlled textarea where an edit of ours left it (a picked mention, an
 * expanded canned response, an emoji). It must happen right after React writes the new value, in the
 * same task: waiting for the next frame lets a fast typist's next keys land first, and moving the
 * caret then would scatter them (a note came out as "…Owner out the discountab").
 */
export function useCaretAfterRender(textarea: RefObject<HTMLTextAreaElement | null>) {
  const pending = useRef<{ caret: number; focus: boolean } | null>(null);

  useLayoutEffect(() => {
    const element = textarea.current;
    const next = pending.current;
    if (!element || !next) return;
    pending.current = null;
    if (next.focus) element.focus();
    element.setSelectionRange(next.caret, next.caret);
  });

  return useCallback((caret: number, options: { focus?: boolean } = {}) => {
    pending.current = { caret, focus: options.focus ?? false };
  }, []);
}
