import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../test/memory-storage';
import {
  actionFor,
  comboFromEvent,
  comboKeys,
  DEFAULT_KEYMAP,
  findConflicts,
  isUsableCombo,
  loadKeymap,
  saveKeymap,
  worksWhileTyping,
} from './shortcuts';

const event = (
  key: string,
  code: string,
  mods: Partial<Record<'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey', boolean>> = {},
) => ({
  key,
  code,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...mods,
});

describe('shortcuts', () => {
  it('writes combos with modifiers in a fixed order, letters from the physical key', () => {
    expect(comboFromEvent(event('ArrowDown', 'ArrowDown', { altKey: true }))).toBe('Alt+ArrowDown');
    // Option+T on a Mac types "†": the combo is still Alt+T.
    expect(comboFromEvent(event('†', 'KeyT', { altKey: true }))).toBe('Alt+T');
    expect(comboFromEvent(event('K', 'KeyK', { shiftKey: true, ctrlKey: true }))).toBe('Ctrl+Shift+K');
    expect(comboFromEvent(event('?', 'Slash', { shiftKey: true }))).toBe('?');
    expect(comboFromEvent(event('Shift', 'ShiftLeft', { shiftKey: true }))).toBeNull();
    expect(comboFromEvent(event(' ', 'Space', { ctrlKey: true }))).toBe('Ctrl+Space');
  });

  it('refuses combos that would swallow typed letters', () => {
    expect(isUsableCombo('A')).toBe(false);
    expect(isUsableCombo('Shift+A')).toBe(false);
    expect(isUsableCombo('Alt+A')).toBe(true);
    expect(isUsableCombo('?')).toBe(true);
    expect(isUsableCombo('F2')).toBe(true);
    expect(isUsableCombo('')).toBe(false);
    expect(worksWhileTyping('Alt+A')).toBe(true);
    expect(worksWhileTyping('?')).toBe(false);
  });

  it('finds conflicts between actions and canned hotkeys, ignoring case', () => {
    expect(findConflicts(DEFAULT_KEYMAP)).toEqual([]);
    const conflicts = findConflicts({ ...DEFAULT_KEYMAP, leave: 'Alt+T' }, [
      { owner: 'canned:bye', combo: 'alt+a' },
      { owner: 'canned:hi', combo: null },
    ]);
    expect(conflicts).toEqual([
      { combo: 'Alt+A', owners: ['accept', 'canned:bye'] },
      { combo: 'Alt+T', owners: ['leave', 'transfer'] },
    ]);
  });

  it('keeps a keymap per agent and falls back to defaults for bad or missing entries', () => {
    const storage = memoryStorage();
    expect(loadKeymap(storage, 'u1')).toEqual(DEFAULT_KEYMAP);
    saveKeymap(storage, 'u1', { ...DEFAULT_KEYMAP, accept: 'Ctrl+Alt+A', leave: '' });
    expect(loadKeymap(storage, 'u1').accept).toBe('Ctrl+Alt+A');
    expect(loadKeymap(storage, 'u1').leave).toBe('');
    expect(loadKeymap(storage, 'u2')).toEqual(DEFAULT_KEYMAP);
    storage.setItem('parley.shortcuts.u3', JSON.stringify({ accept: 'X', nextChat: 7 }));
    expect(loadKeymap(storage, 'u3')).toEqual(DEFAULT_KEYMAP);
    storage.setItem('parley.shortcuts.u4', '{not json');
    expect(loadKeymap(storage, 'u4')).toEqual(DEFAULT_KEYMAP);
    expect(actionFor(DEFAULT_KEYMAP, 'alt+t')).toBe('transfer');
    expect(actionFor(DEFAULT_KEYMAP, 'Alt+Z')).toBeNull();
  });

  it('splits a combo into its keys for display, keeping "+" as a key', () => {
    expect(comboKeys('Alt+ArrowDown')).toEqual(['Alt', 'ArrowDown']);
    expect(comboKeys('Ctrl+Shift+K')).toEqual(['Ctrl', 'Shift', 'K']);
    expect(comboKeys('Ctrl++')).toEqual(['Ctrl', '+']);
    expect(comboKeys('?')).toEqual(['?']);
    expect(comboKeys('')).toEqual([]);
  });
});
