import { describe, expect, it } from 'vitest';
import { filterParams, readFilterParams, SEARCH_MAX, searchWords } from './url-filters';

const NAMES = { q: 'q', channelId: 'channel', from: 'from' } as const;

describe('filters in the URL', () => {
  it('reads each field from its short name, a missing one as empty', () => {
    expect(readFilterParams(new URLSearchParams('q=refund&channel=c1'), NAMES)).toEqual({
      q: 'refund',
      channelId: 'c1',
      from: '',
    });
  });

  it('writes only the fields that are set, the words trimmed, and reads back the same', () => {
    const params = filterParams({ q: '  refund  ', channelId: '', from: '2026-05-03' }, NAMES);
    expect(params.toString()).toBe('q=refund&from=2026-05-03');
    expect(readFilterParams(params, NAMES)).toEqual({ q: 'refund', channelId: '', from: '2026-05-03' });
    expect(filterParams({ q: ' ', channelId: '', from: '' }, NAMES).toString()).toBe('');
  });

  it('folds the spaces of the words searched for and cuts them at the limit', () => {
    expect(searchWords('  late   delivery \n again ')).toBe('late delivery again');
    expect(searchWords('x'.repeat(SEARCH_MAX + 50))).toHaveLength(SEARCH_MAX);
  });
});
