import { describe, expect, it } from 'vitest';
import { insertMention, matchAgents, mentionQuery } from './mentions';

describe('mentions', () => {
  it('finds the @name being typed, spaces included, but not inside an email address', () => {
    expect(mentionQuery('@Ay', 3)).toEqual({ start: 0, query: 'Ay' });
    expect(mentionQuery('ask @Ayşe Y', 11)).toEqual({ start: 4, query: 'Ayşe Y' });
    expect(mentionQuery('mail a@b.c', 10)).toBeNull();
    expect(mentionQuery('@Ay\nthen', 8)).toBeNull();
  });

  it('offers agents whose names start with the query, any case', () => {
    const agents = [{ name: 'Ayşe Yılmaz' }, { name: 'Bob' }, { name: 'ayla' }];
    expect(matchAgents(agents, 'ay').map((a) => a.name)).toEqual(['Ayşe Yılmaz', 'ayla']);
    expect(matchAgents(agents, 'Ayşe Y').map((a) => a.name)).toEqual(['Ayşe Yılmaz']);
    expect(matchAgents(agents, 'zz')).toEqual([]);
  });

  it('inserts the full name and a space', () => {
    expect(insertMention('hi @Ay there', 6, 3, 'Ayşe Yılmaz')).toEqual({
      text: 'hi @Ayşe Yılmaz  there',
      caret: 'hi @Ayşe Yılmaz '.length,
    });
  });
});
