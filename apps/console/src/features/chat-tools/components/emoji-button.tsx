import { useEffect, useId, useRef, useState } from 'react';
import { defineMessages, useIntl } from 'react-intl';

const messages = defineMessages({
  open: { id: 'tools.emoji.open', defaultMessage: 'Insert emoji' },
  picker: { id: 'tools.emoji.picker', defaultMessage: 'Emoji' },
});

/**
 * C10: emoji-picker-element (search, categories, skin tones, keyboard navigation), loaded on first use
 * so the console's first load doesn't carry it. Its data is served from our own origin (no CDN).
 */
export function EmojiButton({ onPick }: { onPick: (emoji: string) => void }) {
  const intl = useIntl();
  const id = useId();
  const [open, setOpen] = useState(false);
  const host = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    let picker: HTMLElement | null = null;
    const onClick = (event: Event) => {
      const unicode = (event as CustomEvent<{ unicode?: string }>).detail.unicode;
      if (unicode) pickRef.current(unicode);
      setOpen(false);
    };
    void (async () => {
      const [{ Picker }, { default: dataSource }, i18n] = await Promise.all([
        import('emoji-picker-element'),
        import('emoji-picker-element-data/en/emojibase/data.json?url'),
        intl.locale.startsWith('tr') ? import('emoji-picker-element/i18n/tr').then((m) => m.default) : null,
      ]);
      if (cancelled || !host.current) return;
      picker = new Picker({ dataSource, locale: 'en', ...(i18n ? { i18n } : {}) }) as unknown as HTMLElement;
      picker.addEventListener('emoji-click', onClick);
      host.current.append(picker);
      // Straight into the search box, so typing a word finds the emoji.
      setTimeout(() => picker?.shadowRoot?.querySelector<HTMLInputElement>('input')?.focus(), 50);
    })();
    return () => {
      cancelled = true;
      picker?.removeEventListener('emoji-click', onClick);
      picker?.remove();
    };
  }, [open, intl.locale]);

  return (
    <span className="composer-tools">
      <button
        ref={button}
        type="button"
        className="button button-small button-ghost"
        aria-label={intl.formatMessage(messages.open)}
        title={intl.formatMessage(messages.open)}
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((value) => !value)}
      >
        {/* Drawn, not an emoji character: it must show where no emoji font is installed. */}
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <g fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
            <circle cx="12" cy="12" r="9" />
            <path d="M8.5 14.5s1.2 1.8 3.5 1.8 3.5-1.8 3.5-1.8M9 9.5h.01M15 9.5h.01" />
          </g>
        </svg>
      </button>
      {open ? (
        <div
          id={id}
          ref={host}
          className="emoji-popover"
          role="dialog"
          aria-label={intl.formatMessage(messages.picker)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              setOpen(false);
              button.current?.focus();
            }
          }}
        />
      ) : null}
    </span>
  );
}
