import { useEffect, useRef } from 'preact/hooks';

/**
 * C10: emoji-picker-element (search, categories, skin tones, keyboard use), imported only when the
 * visitor opens it, so the widget's first load stays within its size budget. The emoji data is a file
 * in our own build, fetched from our origin on first use and cached in IndexedDB by the picker.
 */
export function EmojiPicker({
  label,
  onPick,
  onClose,
}: {
  label: string;
  onPick: (emoji: string) => void;
  onClose: () => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    let cancelled = false;
    let picker: HTMLElement | null = null;
    const onClick = (event: Event) => {
      const unicode = (event as CustomEvent<{ unicode?: string }>).detail.unicode;
      if (unicode) pick.current(unicode);
    };
    const tr = document.documentElement.lang.startsWith('tr');
    void Promise.all([
      import('emoji-picker-element'),
      import('emoji-picker-element-data/en/emojibase/data.json?url'),
      tr ? import('emoji-picker-element/i18n/tr').then((m) => m.default) : null,
    ]).then(([{ Picker }, { default: dataSource }, i18n]) => {
      if (cancelled || !host.current) return;
      picker = new Picker({ dataSource, locale: 'en', ...(i18n ? { i18n } : {}) }) as unknown as HTMLElement;
      picker.addEventListener('emoji-click', onClick);
      host.current.append(picker);
      setTimeout(() => picker?.shadowRoot?.querySelector<HTMLInputElement>('input')?.focus(), 50);
    });
    return () => {
      cancelled = true;
      picker?.removeEventListener('emoji-click', onClick);
      picker?.remove();
    };
  }, []);

  return (
    <div
      ref={host}
      class="emoji"
      role="dialog"
      aria-label={label}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    />
  );
}
