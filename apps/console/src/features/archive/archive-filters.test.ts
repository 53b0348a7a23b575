import { describe, expect, it } from 'vitest';
import {
  archiveFiltersFromParams,
  archiveFiltersToParams,
  emptyArchiveFilters,
  hasArchiveFilters,
  toArchiveInput,
} from './archive-filters';

describe('toArchiveInput', () => {
  it('sends nothing for empty filters', () => {
    expect(toArchiveInput(emptyArchiveFilters)).toEqual({});
    expect(hasArchiveFilters(emptyArchiveFilters)).toBe(false);
  });

  it('trims and collapses the search text', () => {
    expect(toArchiveInput({ ...emptyArchiveFilters, q: '  refund   policy ' })).toEqual({
      q: 'refund policy',
    });
    expect(toArchiveInput({ ...emptyArchiveFilters, q: '   ' })).toEqual({});
  });

  it('maps a tag (C5) and keeps it in the URL', () => {
    expect(toArchiveInput({ ...emptyArchiveFilters, tagId: 't1' })).toEqual({ tagId: 't1' });
    expect(archiveFiltersToParams({ ...emptyArchiveFilters, tagId: 't1' }).toString()).toBe('tag=t1');
    expect(archiveFiltersFromParams(new URLSearchParams('tag=t1')).tagId).toBe('t1');
  });

  it('maps channel, agent and status as they are', () => {
    expect(
      toArchiveInput({ ...emptyArchiveFilters, channelId: 'ch1', agentId: 'u1', status: 'closed' }),
    ).toEqual({ channelId: 'ch1', agentId: 'u1', status: 'closed' });
  });

  it('turns days into the start and the end of those days in local time', () => {
    const input = toArchiveInput({ ...emptyArchiveFilters, from: '2026-05-03', to: '2026-05-03' });
    expect(input.from).toBe(new Date(2026, 4, 3).toISOString());
    expect(input.to).toBe(new Date(2026, 4, 3, 23, 59, 59, 999).toISOString());
  });

  it('puts swapped dates in order and ignores impossible ones', () => {
    const input = toArchiveInput({ ...emptyArchiveFilters, from: '2026-05-10', to: '2026-05-01' });
    expect(input.from).toBe(new Date(2026, 4, 1).toISOString());
    expect(input.to).toBe(new Date(2026, 4, 10, 23, 59, 59, 999).toISOString());
    expect(toArchiveInput({ ...emptyArchiveFilters, from: '2026-02-30', to: 'yesterday' })).toEqual({});
  });
});

describe('archive filters in the URL', () => {
  it('round-trips through search params', () => {
    const filters = {
      q: 'invoice',
      channelId: 'ch1',
      agentId: 'u1',
      status: 'open' as const,
      from: '2026-01-01',
      to: '2026-01-31',
      tagId: '',
      calls: '' as const,
    };
    const params = archiveFiltersToParams(filters);
    expect(params.toString()).toBe(
      'q=invoice&channel=ch1&agent=u1&status=open&from=2026-01-01&to=2026-01-31',
    );
    expect(archiveFiltersFromParams(params)).toEqual(filters);
  });

  it('drops unknown statuses and bad dates from a hand-edited URL', () => {
    expect(archiveFiltersFromParams(new URLSearchParams('status=deleted&from=soon&q=x'))).toEqual({
      ...emptyArchiveFilters,
      q: 'x',
    });
  });
});

describe('the calls filter (H1)', () => {
  it('maps to the input and round-trips through the URL; an unknown value is dropped', () => {
    expect(toArchiveInput({ ...emptyArchiveFilters, calls: 'missed' })).toEqual({ calls: 'missed' });
    expect(archiveFiltersToParams({ ...emptyArchiveFilters, calls: 'answered' }).toString()).toBe(
      'calls=answered',
    );
    expect(archiveFiltersFromParams(new URLSearchParams('calls=answered')).calls).toBe('answered');
    expect(archiveFiltersFromParams(new URLSearchParams('calls=bogus')).calls).toBe('');
  });
});
