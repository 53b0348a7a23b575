import type { ReactNode } from 'react';

/**
 * The list under an autocompleting textarea (canned `/shortcut`, `@mention`). Focus stays in the
 * textarea, which points at the active option with aria-activedescendant; a click picks too.
 */
export function SuggestionList<T>({
  id,
  label,
  items,
  active,
  itemKey,
  render,
  onPick,
}: {
  id: string;
  label: string;
  items: readonly T[];
  active: number;
  itemKey: (item: T) => string;
  render: (item: T) => ReactNode;
  onPick: (item: T) => void;
}) {
  return (
    <div id={id} role="listbox" aria-label={label} className="suggestions">
      {items.map((item, index) => (
        <div
          key={itemKey(item)}
          id={`${id}-${index}`}
          role="option"
          tabIndex={-1}
          aria-selected={index === active}
          // mousedown, not click: the textarea keeps its focus and caret.
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(item);
          }}
        >
          {render(item)}
        </div>
      ))}
    </div>
  );
}

/** Arrow keys move, Enter/Tab pick, Escape closes. Returns true when the key was for the list. */
export function listKeys(
  key: string,
  count: number,
  active: number,
  actions: { move: (index: number) => void; pick: () => void; close: () => void },
): boolean {
  if (count === 0) return false;
  switch (key) {
    case 'ArrowDown':
      actions.move((active + 1) % count);
      return true;
    case 'ArrowUp':
      actions.move((active - 1 + count) % count);
      return true;
    case 'Enter':
    case 'Tab':
      actions.pick();
      return true;
    case 'Escape':
      actions.close();
      return true;
    default:
      return false;
  }
}
