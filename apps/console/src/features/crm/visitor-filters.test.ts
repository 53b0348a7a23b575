import { describe, expect, it } from 'vitest';
import {
  emptyVisitorFilters,
  hasVisitorFilters,
  type TVisitorFilters,
  toVisitorFilterInput,
  visitorExportUrl,
  visitorFiltersFromParams,
  visitorFiltersToParams,
} from './visitor-filters';

const full: TVisitorFilters = {
  q: 'ayşe',
  tagId: 'tag1',
  statusId: 'st1',
  channelId: 'ch1',
  lastSeenFrom: '2026-03-01',
  lastSeenTo: '2026-03-31',
  hasEmail: 'yes',
  hasPhone: 'no',
};

describe('visitor filters in the URL', () => {
  it('round-trips through search params with short names', () => {
    const params = visitorFiltersToParams(full);
    expect(params.toString()).toBe(
      'q=ay%C5%9Fe&tag=tag1&status=st1&channel=ch1&from=2026-03-01&to=2026-03-31&email=yes&phone=no',
    );
    expect(visitorFiltersFromParams(params)).toEqual(full);
  });

  it('leaves empty filters out of the URL', () => {
    expect(visitorFiltersToParams(emptyVisitorFilters).toString()).toBe('');
    expect(visitorFiltersToParams({ ...emptyVisitorFilters, q: '   ' }).toString()).toBe('');
  });

  it('drops bad values from a hand-edited URL', () => {
    expect(
      visitorFiltersFromParams(new URLSearchParams('email=maybe&phone=1&from=soon&to=2026-02-30')),
    ).toEqual(emptyVisitorFilters);
  });
});

describe('toVisitorFilterInput', () => {
  it('sends nothing for empty filters', () => {
    expect(toVisitorFilterInput(emptyVisitorFilters)).toEqual({});
    expect(hasVisitorFilters(emptyVisitorFilters)).toBe(false);
  });

  it('maps every filter, with yes/no as booleans and days as instants', () => {
    expect(toVisitorFilterInput(full)).toEqual({
      q: 'ayşe',
      tagId: 'tag1',
      statusId: 'st1',
      channelId: 'ch1',
      lastSeenFrom: new Date(2026, 2, 1).toISOString(),
      lastSeenTo: new Date(2026, 2, 31, 23, 59, 59, 999).toISOString(),
      hasEmail: true,
      hasPhone: false,
    });
  });

  it('collapses spaces in the search and puts swapped days in order', () => {
    const input = toVisitorFilterInput({
      ...emptyVisitorFilters,
      q: '  istanbul   40 ',
      lastSeenFrom: '2026-05-10',
      lastSeenTo: '2026-05-01',
    });
    expect(input).toEqual({
      q: 'istanbul 40',
      lastSeenFrom: new Date(2026, 4, 1).toISOString(),
      lastSeenTo: new Date(2026, 4, 10, 23, 59, 59, 999).toISOString(),
    });
  });
});

describe('visitorExportUrl', () => {
  it('is the bare export path without filters', () => {
    expect(visitorExportUrl(emptyVisitorFilters)).toBe('/exports/visitors.csv');
  });

  it('carries the same filter as the list, as URL-encoded JSON', () => {
    const url = visitorExportUrl({ ...emptyVisitorFilters, q: 'a&b', statusId: 'st1', hasEmail: 'no' });
    const [path, query] = url.split('?');
    expect(path).toBe('/exports/visitors.csv');
    const filter = new URLSearchParams(query).get('filter');
    expect(JSON.parse(filter ?? '')).toEqual({ q: 'a&b', statusId: 'st1', hasEmail: false });
    expect(query).not.toContain('&b');
  });
});
