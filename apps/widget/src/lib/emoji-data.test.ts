import { describe, expect, it } from 'vitest';
import { searchEmoji, trimEmojiData } from './emoji-data';

describe('trimEmojiData', () => {
  it('keeps displayable emoji in order, without skin tones, components or too-new ones', () => {
    const out = trimEmojiData([
      { emoji: '👍', annotation: 'thumbs up', tags: ['+1', 'hand'], group: 1, order: 2, version: 0.6 },
      { emoji: '😀', annotation: 'grinning face', tags: ['smile'], group: 0, order: 1, version: 1 },
      { emoji: '🏻', annotation: 'light skin tone', group: 2, order: 3, version: 2 },
      { emoji: '🫎', annotation: 'moose', group: 3, order: 4, version: 15 },
      { emoji: '🇹🇷', annotation: 'flag: Türkiye', version: 2 },
    ]);
    expect(out).toEqual([
      [0, '😀', 'grinning face', 'smile'],
      [1, '👍', 'thumbs up', '+1 hand'],
    ]);
  });
});

describe('searchEmoji', () => {
  const entries = trimEmojiData([
    { emoji: '👍', annotation: 'thumbs up', tags: ['+1', 'hand'], group: 1, order: 1, version: 0.6 },
    { emoji: '👎', annotation: 'thumbs down', tags: ['-1', 'hand'], group: 1, order: 2, version: 0.6 },
    { emoji: '🌻', annotation: 'sunflower', tags: ['flower', 'sun'], group: 3, order: 3, version: 0.6 },
  ]);
  it('matches every word by prefix, ignoring case', () => {
    expect(searchEmoji(entries, 'Thumbs up').map((e) => e[1])).toEqual(['👍']);
    expect(searchEmoji(entries, 'hand').map((e) => e[1])).toEqual(['👍', '👎']);
    expect(searchEmoji(entries, 'sun').map((e) => e[1])).toEqual(['🌻']);
    expect(searchEmoji(entries, '  ')).toHaveLength(3);
    expect(searchEmoji(entries, 'pizza')).toEqual([]);
  });
});
