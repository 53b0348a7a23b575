import type { TKeyValueStorage } from '../../lib/drafts';

/**
 * J5: console hotkeys. A combo is written "Ctrl+Alt+Shift+Meta+Key" (modifiers in that order), e.g.
 * "Alt+ArrowDown", "Alt+T", or "?" for a printable symbol (its Shift is implied by the symbol).
 */
export const SHORTCUT_ACTIONS = [
  'nextChat',
  'previousChat',
  'accept',
  'leave',
  'transfer',
  'focusComposer',
  'toggleAway',
  'cannedResponses',
  'showShortcuts',
] as const;
export type TShortcutAction = (typeof SHORTCUT_ACTIONS)[number];
export type TKeymap = Record<TShortcutAction, string>;

export const DEFAULT_KEYMAP: TKeymap = {
  nextChat: 'Alt+ArrowDown',
  previousChat: 'Alt+ArrowUp',
  accept: 'Alt+A',
  leave: 'Alt+L',
  transfer: 'Alt+T',
  focusComposer: 'Alt+C',
  toggleAway: 'Alt+W',
  cannedResponses: 'Alt+R',
  showShortcuts: '?',
};

export type TKeyEventLike = Pick<
  KeyboardEvent,
  'key' | 'code' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'
>;

const MODIFIER_KEYS = new Set(['Control', 'Alt', 'Shift', 'Meta', 'AltGraph', 'CapsLock']);

/** The combo of a key event, or null for a lone modifier. */
export function comboFromEvent(event: TKeyEventLike): string | null {
  if (MODIFIER_KEYS.has(event.key)) return null;
  // With Alt (Option on a Mac) `key` is a special character, so letters and digits come from `code`.
  const letter = /^Key([A-Z])$/.exec(event.code)?.[1];
  const digit = /^Digit([0-9])$/.exec(event.code)?.[1];
  let key = letter ?? digit ?? (event.key.length === 1 ? event.key.toUpperCase() : event.key);
  if (key === ' ') key = 'Space';
  const symbol = !letter && !digit && key.length === 1;
  const parts = [
    event.ctrlKey ? 'Ctrl' : null,
    event.altKey ? 'Alt' : null,
    event.shiftKey && !symbol ? 'Shift' : null,
    event.metaKey ? 'Meta' : null,
    key,
  ];
  return parts.filter(Boolean).join('+');
}

/**
 * The keys of a combo, modifiers first, as stored ("Alt+ArrowDown" → ["Alt", "ArrowDown"]); a
 * combo whose key is "+" itself keeps it ("Ctrl++" → ["Ctrl", "+"]). People read them translated
 * (shortcut-messages.ts), never as these names.
 */
export function comboKeys(combo: string): string[] {
  if (combo === '') return [];
  const match = /^((?:(?:Ctrl|Alt|Shift|Meta)\+)*)(.+)$/.exec(combo);
  if (!match) return [combo];
  const modifiers = (match[1] ?? '').split('+').filter(Boolean);
  return [...modifiers, match[2] ?? ''];
}

/** A combo needs a modifier unless it is a symbol or a function key, or it would eat typed letters. */
export function isUsableCombo(combo: string): boolean {
  if (combo === '') return false;
  const parts = combo.split('+');
  const key = parts[parts.length - 1] ?? '';
  const modifiers = parts.slice(0, -1);
  if (modifiers.some((m) => m === 'Ctrl' || m === 'Alt' || m === 'Meta')) return true;
  if (/^F([1-9]|1[0-2])$/.test(key)) return true;
  return modifiers.length === 0 && key.length === 1 && !/[\p{L}\p{N}]/u.test(key);
}

/** Whether a combo still makes sense while the focus is in a text field (it has Ctrl/Alt/Meta). */
export function worksWhileTyping(combo: string): boolean {
  return /(^|\+)(Ctrl|Alt|Meta)\+/.test(combo);
}

export type TConflict = { combo: string; owners: string[] };

/**
 * Combos claimed more than once. Owners are action names and, for canned responses with a hotkey,
 * `canned:<shortcut>`, so the settings page can say which two things collide.
 */
export function findConflicts(
  keymap: Partial<Record<string, string>>,
  extra: readonly { owner: string; combo: string | null }[] = [],
): TConflict[] {
  const byCombo = new Map<string, string[]>();
  const add = (owner: string, combo: string | null | undefined) => {
    if (!combo) return;
    const key = combo.toLowerCase();
    byCombo.set(key, [...(byCombo.get(key) ?? []), owner]);
  };
  for (const [action, combo] of Object.entries(keymap)) add(action, combo);
  for (const item of extra) add(item.owner, item.combo);
  return [...byCombo.entries()]
    .filter(([, owners]) => owners.length > 1)
    .map(([, owners]) => ({
      combo: (keymap[owners[0] as string] ?? extra.find((e) => e.owner === owners[0])?.combo) as string,
      owners,
    }));
}

// Per agent in this browser: the API has no profile field for it (docs/live-chat.md, "Shortcuts").
const key = (userId: string) => `parley.shortcuts.${userId}`;

export function loadKeymap(storage: TKeyValueStorage | undefined, userId: string): TKeymap {
  try {
    const raw = storage?.getItem(key(userId));
    if (!raw) return { ...DEFAULT_KEYMAP };
    const saved = JSON.parse(raw) as Record<string, unknown>;
    const keymap = { ...DEFAULT_KEYMAP };
    for (const action of SHORTCUT_ACTIONS) {
      const value = saved[action];
      if (typeof value === 'string' && (value === '' || isUsableCombo(value))) keymap[action] = value;
    }
    return keymap;
  } catch {
    return { ...DEFAULT_KEYMAP };
  }
}

export function saveKeymap(storage: TKeyValueStorage | undefined, userId: string, keymap: TKeymap): void {
  try {
    storage?.setItem(key(userId), JSON.stringify(keymap));
  } catch {
    // A full or disabled storage: the keymap lasts for this page only.
  }
}

/** The action bound to an event's combo, if any. */
export function actionFor(keymap: TKeymap, combo: string): TShortcutAction | null {
  const wanted = combo.toLowerCase();
  return SHORTCUT_ACTIONS.find((action) => keymap[action].toLowerCase() === wanted) ?? null;
}
