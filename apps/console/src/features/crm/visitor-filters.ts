/**
 * D1 CRM → Visitors: the filters live in the page URL (bookmarkable, shareable, kept on reload) and become
 * the `crm.visitors` input and the CSV export link here. Empty filters are left out rather than sent empty.
 */
import { dayRange, parseDay } from '../../lib/time';
import { filterParams, readFilterParams, searchWords } from '../../lib/url-filters';

/** Has an email / a phone: any, yes or no. */
export type TPresenceFilter = '' | 'yes' | 'no';

export type TVisitorFilters = {
  q: string;
  tagId: string;
  statusId: string;
  channelId: string;
  /** Calendar days as typed in a date input (YYYY-MM-DD), in the agent's time zone. */
  lastSeenFrom: string;
  lastSeenTo: string;
  hasEmail: TPresenceFilter;
  hasPhone: TPresenceFilter;
};

export type TVisitorFilterInput = {
  q?: string;
  tagId?: string;
  statusId?: string;
  channelId?: string;
  lastSeenFrom?: string;
  lastSeenTo?: string;
  hasEmail?: boolean;
  hasPhone?: boolean;
};

export const emptyVisitorFilters: TVisitorFilters = {
  q: '',
  tagId: '',
  statusId: '',
  channelId: '',
  lastSeenFrom: '',
  lastSeenTo: '',
  hasEmail: '',
  hasPhone: '',
};

const PARAMS = {
  q: 'q',
  tagId: 'tag',
  statusId: 'status',
  channelId: 'channel',
  lastSeenFrom: 'from',
  lastSeenTo: 'to',
  hasEmail: 'email',
  hasPhone: 'phone',
} as const;

function readPresence(value: string): TPresenceFilter {
  return value === 'yes' || value === 'no' ? value : '';
}

export function visitorFiltersFromParams(params: URLSearchParams): TVisitorFilters {
  const read = readFilterParams(params, PARAMS);
  return {
    ...read,
    lastSeenFrom: parseDay(read.lastSeenFrom) ? read.lastSeenFrom : '',
    lastSeenTo: parseDay(read.lastSeenTo) ? read.lastSeenTo : '',
    hasEmail: readPresence(read.hasEmail),
    hasPhone: readPresence(read.hasPhone),
  };
}

export function visitorFiltersToParams(filters: TVisitorFilters): URLSearchParams {
  return filterParams(filters, PARAMS);
}

/** The `crm.visitors` filter (and the export's): days become the start and the end of those days. */
export function toVisitorFilterInput(filters: TVisitorFilters): TVisitorFilterInput {
  const input: TVisitorFilterInput = {};
  const q = searchWords(filters.q);
  if (q) input.q = q;
  if (filters.tagId) input.tagId = filters.tagId;
  if (filters.statusId) input.statusId = filters.statusId;
  if (filters.channelId) input.channelId = filters.channelId;
  const { from, to } = dayRange(filters.lastSeenFrom, filters.lastSeenTo);
  if (from) input.lastSeenFrom = from;
  if (to) input.lastSeenTo = to;
  if (filters.hasEmail) input.hasEmail = filters.hasEmail === 'yes';
  if (filters.hasPhone) input.hasPhone = filters.hasPhone === 'yes';
  return input;
}

export function hasVisitorFilters(filters: TVisitorFilters): boolean {
  return Object.keys(toVisitorFilterInput(filters)).length > 0;
}

/**
 * The CSV download of exactly the list on screen: `GET /exports/visitors.csv?filter=<JSON>`, a plain link
 * the browser follows with the session cookie (the server streams it, so 100,000 rows are fine).
 */
export function visitorExportUrl(filters: TVisitorFilters): string {
  const input = toVisitorFilterInput(filters);
  const path = '/exports/visitors.csv';
  return Object.keys(input).length === 0
    ? path
    : `${path}?filter=${encodeURIComponent(JSON.stringify(input))}`;
}
