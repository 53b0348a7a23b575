import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../test/memory-storage';
import {
  clearDraft,
  draftKey,
  loadDraft,
  MAX_DRAFT_LENGTH,
  saveDraft,
  type TKeyValueStorage,
} from './drafts';

describe('drafts', () => {
  it('keeps one draft per conversation and per agent', () => {
    const storage = memoryStorage();
    saveDraft(storage, 'u1', 'c1', 'Hello');
    saveDraft(storage, 'u1', 'c2', 'Merhaba');
    saveDraft(storage, 'u2', 'c1', 'Other agent');
    expect(loadDraft(storage, 'u1', 'c1')).toBe('Hello');
    expect(loadDraft(storage, 'u1', 'c2')).toBe('Merhaba');
    expect(loadDraft(storage, 'u2', 'c1')).toBe('Other agent');
    expect(loadDraft(storage, 'u1', 'c3')).toBe('');
  });

  it('removes the entry for an empty draft and after sending', () => {
    const storage = memoryStorage();
    saveDraft(storage, 'u1', 'c1', 'Hello');
    saveDraft(storage, 'u1', 'c1', '   ');
    expect(storage.map.has(draftKey('u1', 'c1'))).toBe(false);
    saveDraft(storage, 'u1', 'c1', 'Again');
    clearDraft(storage, 'u1', 'c1');
    expect(loadDraft(storage, 'u1', 'c1')).toBe('');
  });

  it('keeps newlines and caps the length at the message limit', () => {
    const storage = memoryStorage();
    saveDraft(storage, 'u1', 'c1', 'line 1\nline 2');
    expect(loadDraft(storage, 'u1', 'c1')).toBe('line 1\nline 2');
    saveDraft(storage, 'u1', 'c1', 'x'.repeat(MAX_DRAFT_LENGTH + 10));
    expect(loadDraft(storage, 'u1', 'c1')).toHaveLength(MAX_DRAFT_LENGTH);
  });

  it('survives a storage that throws or is missing', () => {
    const broken: TKeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => saveDraft(broken, 'u1', 'c1', 'x')).not.toThrow();
    expect(loadDraft(broken, 'u1', 'c1')).toBe('');
    expect(loadDraft(undefined, 'u1', 'c1')).toBe('');
  });
});
