import { describe, expect, it } from 'vitest';
import { cannedQuery, expandCanned, fillPlaceholders, matchCanned, type TCannedResponse } from './canned';

const canned = (shortcut: string, text: string): TCannedResponse => ({
  id: shortcut,
  shortcut,
  text,
  hotkey: null,
  personal: false,
});

describe('canned responses', () => {
  it('finds the /shortcut being typed at the start or after a space only', () => {
    expect(cannedQuery('/by', 3)).toEqual({ start: 0, query: 'by' });
    expect(cannedQuery('Thanks /', 8)).toEqual({ start: 7, query: '' });
    expect(cannedQuery('see a/b', 7)).toBeNull();
    expect(cannedQuery('/bye now', 8)).toBeNull();
    expect(cannedQuery('/çay', 4)).toEqual({ start: 0, query: 'çay' });
    // The caret decides, not the end of the text.
    expect(cannedQuery('/bye now', 4)).toEqual({ start: 0, query: 'bye' });
  });

  it('ranks shortcut prefixes before substrings before text matches', () => {
    const list = [canned('hello', 'Hi there'), canned('bye', 'Goodbye!'), canned('rebye', 'x')];
    expect(matchCanned(list, 'bye').map((c) => c.shortcut)).toEqual(['bye', 'rebye']);
    expect(matchCanned(list, 'good').map((c) => c.shortcut)).toEqual(['bye']);
    expect(matchCanned(list, 'there').map((c) => c.shortcut)).toEqual(['hello']);
    expect(matchCanned(list, '').map((c) => c.shortcut)).toEqual(['bye', 'hello', 'rebye']);
    expect(matchCanned(list, 'BY').map((c) => c.shortcut)).toEqual(['bye', 'rebye']);
  });

  it('fills known placeholders and leaves unknown ones visible', () => {
    expect(
      fillPlaceholders('Bye {{visitor.name}}, {{ agent.name }} here. {{visitor.nmae}}', {
        'visitor.name': 'Ada',
        'agent.name': 'Olivia',
      }),
    ).toBe('Bye Ada, Olivia here. {{visitor.nmae}}');
    expect(fillPlaceholders('Mail: {{visitor.email}}.', { 'visitor.email': null })).toBe('Mail: .');
    // Values are inserted as text: no second round of substitution.
    expect(
      fillPlaceholders('{{visitor.name}}', { 'visitor.name': '{{agent.name}}', 'agent.name': 'x' }),
    ).toBe('{{agent.name}}');
  });

  it('replaces the /shortcut in the draft and puts the caret after the text', () => {
    const draft = 'Ok. /by and more';
    const result = expandCanned(draft, 7, 4, 'Goodbye {{visitor.name}}!', { 'visitor.name': 'Ada' });
    expect(result.text).toBe('Ok. Goodbye Ada! and more');
    expect(result.caret).toBe('Ok. Goodbye Ada!'.length);
  });
});
