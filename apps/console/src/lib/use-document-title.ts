import { useEffect } from 'react';

/** The browser tab's title while a view is shown: "<what> · Parley". */
export function useDocumentTitle(text: string) {
  useEffect(() => {
    document.title = `${text} · Parley`;
  }, [text]);
}
