import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../test/memory-storage';
import {
  learn,
  loadAssistantEnabled,
  loadPhraseBook,
  saveAssistantEnabled,
  savePhraseBook,
  splitSentences,
  suggest,
  type TPhraseBook,
} from './typing-assistant';

const DAY = 24 * 3600_000;

describe('typing assistant', () => {
  it('splits sent messages into sentences worth remembering', () => {
    expect(splitSentences('Hi! Thank you for waiting.  How can I help you today?\nok')).toEqual([
      'Thank you for waiting.',
      'How can I help you today?',
    ]);
  });

  it('suggests only sentences sent at least twice, completing the sentence being typed', () => {
    let book: TPhraseBook = {};
    book = learn(book, 'Thank you for waiting.', 0);
    expect(suggest(book, 'Thank', 0)).toBeNull();
    book = learn(book, 'thank you for waiting.', 0);
    book = learn(book, 'Thank you for waiting.', 0);
    expect(suggest(book, 'Tha', 0)).toBe('nk you for waiting.');
    expect(suggest(book, 'Sure. thank you f', 0)).toBe('or waiting.');
    expect(suggest(book, 'Th', 0)).toBeNull();
    expect(suggest(book, 'Thank you for waiting.', 0)).toBeNull();
    expect(suggest(book, 'Thanks a lot', 0)).toBeNull();
  });

  it('prefers frequent and recent sentences', () => {
    let book: TPhraseBook = {};
    for (let i = 0; i < 3; i++) book = learn(book, 'Let me check that for you.', 0);
    for (let i = 0; i < 2; i++) book = learn(book, 'Let me ask a colleague.', 0);
    expect(suggest(book, 'Let me', 0)).toBe(' check that for you.');
    for (let i = 0; i < 2; i++) book = learn(book, 'Let me ask a colleague.', 30 * DAY);
    expect(suggest(book, 'Let me', 30 * DAY)).toBe(' ask a colleague.');
  });

  it('keeps the book bounded', () => {
    let book: TPhraseBook = {};
    for (let i = 0; i < 400; i++) book = learn(book, `Sentence number ${i} here.`, i);
    expect(Object.keys(book).length).toBe(300);
    expect(book['Sentence number 399 here.']).toBeDefined();
  });

  it('stores the book and the on/off switch per agent, surviving bad data', () => {
    const storage = memoryStorage();
    const book = learn({}, 'Thank you for waiting.', 5);
    savePhraseBook(storage, 'u1', book);
    expect(loadPhraseBook(storage, 'u1')).toEqual(book);
    expect(loadPhraseBook(storage, 'u2')).toEqual({});
    storage.setItem('parley.phrases.u3', '[[[');
    expect(loadPhraseBook(storage, 'u3')).toEqual({});
    expect(loadAssistantEnabled(storage, 'u1')).toBe(true);
    saveAssistantEnabled(storage, 'u1', false);
    expect(loadAssistantEnabled(storage, 'u1')).toBe(false);
  });
});
