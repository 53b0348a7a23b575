import { useEffect, useState } from 'react';

/** The width from which the visitor panel is a column beside the chat (styles.css, 1100 px breakpoint). */
const WIDE = '(min-width: 1101px)';
const HIDDEN_KEY = 'parley.visitorPanel.hidden';

function matchesWide(): boolean {
  return typeof window !== 'undefined' && window.matchMedia(WIDE).matches;
}

function readHidden(): boolean {
  try {
    return window.localStorage.getItem(HIDDEN_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * Whether the visitor panel shows. On wide screens it is a column, shown unless the agent collapsed it
 * (remembered in this browser, so it stays collapsed from chat to chat and gives the conversation the
 * room); on narrower ones it covers the chat, so it opens only on demand and is never remembered.
 */
export function useVisitorPanel(): { open: boolean; wide: boolean; toggle: () => void; close: () => void } {
  const [wide, setWide] = useState(matchesWide);
  const [hiddenWide, setHiddenWide] = useState(readHidden);
  const [openNarrow, setOpenNarrow] = useState(false);
  useEffect(() => {
    const query = window.matchMedia(WIDE);
    const onChange = () => setWide(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  const setHidden = (hidden: boolean) => {
    setHiddenWide(hidden);
    try {
      window.localStorage.setItem(HIDDEN_KEY, hidden ? '1' : '0');
    } catch {
      // Storage denied: the choice lasts until the page reloads.
    }
  };
  const open = wide ? !hiddenWide : openNarrow;
  return {
    open,
    wide,
    toggle: () => (wide ? setHidden(open) : setOpenNarrow(!open)),
    close: () => (wide ? setHidden(true) : setOpenNarrow(false)),
  };
}
