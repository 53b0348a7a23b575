import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { EMOJI_GROUPS, type EmojiEntry, searchEmoji } from '../lib/emoji-data';
import type { Translate } from '../lib/i18n';

const COLUMNS = 8;

/**
 * C10: search, categories and a keyboard-usable grid. The data (src/lib/emoji-data.ts) is a chunk
 * imported on first open, so it costs nothing until then and the browser's cache keeps it.
 */
export function EmojiPicker({
  t,
  onPick,
  onClose,
}: {
  t: Translate;
  onPick: (emoji: string) => void;
  onClose: () => void;
}) {
  const [entries, setEntries] = useState<EmojiEntry[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    import('virtual:emoji-data').then(
      (m) => setEntries(m.default),
      () => setFailed(true),
    );
    input.current?.focus();
  }, []);

  const shown = useMemo(() => searchEmoji(entries ?? [], query), [entries, query]);
  const current = shown[Math.min(active, shown.length - 1)];

  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest' });
  }, [active, query]);

  const move = (by: number) => setActive((a) => Math.max(0, Math.min(shown.length - 1, a + by)));
  const option = (e: EmojiEntry, i: number) => (
    <span
      key={e[1]}
      id={`emoji-${i}`}
      role="option"
      aria-label={e[2]}
      aria-selected={e === current}
      title={e[2]}
      // Keyboard use goes through the search field (aria-activedescendant); -1 keeps the 1,800
      // options out of the tab order while a click or a screen reader's activation still works.
      tabIndex={-1}
      onClick={() => onPick(e[1])}
      onKeyDown={(k) => k.key === 'Enter' && onPick(e[1])}
    >
      {e[1]}
    </span>
  );

  return (
    <div
      class="emoji"
      role="dialog"
      aria-label={t('emoji')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <input
        ref={input}
        // biome-ignore lint/a11y/noRedundantRoles: `list` is not rendered, so without the role this is a textbox
        role="combobox"
        // Preact's types want `list` with this role; ours is the listbox in aria-controls.
        list={undefined}
        aria-autocomplete="list"
        aria-label={t('emojiSearch')}
        placeholder={t('emojiSearch')}
        aria-expanded="true"
        aria-controls="emoji-list"
        aria-activedescendant={current ? `emoji-${shown.indexOf(current)}` : undefined}
        value={query}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          // Right to left the grid is mirrored, and so are the arrows (G5).
          const x = document.documentElement.dir === 'rtl' ? -1 : 1;
          const step = { ArrowRight: x, ArrowLeft: -x, ArrowDown: COLUMNS, ArrowUp: -COLUMNS }[e.key];
          if (step) {
            e.preventDefault();
            move(step);
          } else if (e.key === 'Enter' && current) {
            e.preventDefault();
            onPick(current[1]);
          }
        }}
      />
      {!query && entries && (
        <div class="groups">
          {EMOJI_GROUPS.map((g) => {
            const first = entries.findIndex((e) => e[0] === g);
            return (
              <button
                key={g}
                type="button"
                aria-label={t(`emojiGroup${g}`)}
                title={t(`emojiGroup${g}`)}
                onClick={() => {
                  setActive(first);
                  list.current?.querySelector(`#emoji-group-${g}`)?.scrollIntoView?.({ block: 'start' });
                }}
              >
                {entries[first]?.[1]}
              </button>
            );
          })}
        </div>
      )}
      <div ref={list} id="emoji-list" role="listbox" aria-label={t('emoji')} class="grid">
        {failed ? (
          <p role="alert">{t('emojiFailed')}</p>
        ) : !entries ? (
          <p>{t('loading')}</p>
        ) : !shown.length ? (
          <p>{t('emojiNone')}</p>
        ) : query ? (
          shown.map(option)
        ) : (
          EMOJI_GROUPS.map((g) => (
            // biome-ignore lint/a11y/useSemanticElements: a group of options in a listbox, not of form fields
            <div key={g} role="group" aria-labelledby={`emoji-group-${g}`}>
              <div class="h" id={`emoji-group-${g}`}>
                {t(`emojiGroup${g}`)}
              </div>
              {shown.map((e, i) => (e[0] === g ? option(e, i) : null))}
            </div>
          ))
        )}
      </div>
    </div>
  );
}
