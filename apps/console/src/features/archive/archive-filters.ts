/**
 * B3 Archive: the filters live in the page URL (so a search can be bookmarked, shared and survives a
 * reload) and become the `chats.archive` input here. Empty filters are left out rather than sent empty.
 */
import { dayRange, parseDay } from '../../lib/time';
import { filterParams, readFilterParams, searchWords } from '../../lib/url-filters';

export type TArchiveStatus = 'open' | 'closed';

export type TArchiveFilters = {
  q: string;
  channelId: string;
  agentId: string;
  status: TArchiveStatus | '';
  /** Calendar days as typed in a date input (YYYY-MM-DD), in the agent's time zone. */
  from: string;
  to: string;
  /** C5 */
  tagId: string;
  /** H1: only conversations with a call (any, answered, missed or declined). */
  calls: TArchiveCalls | '';
};

export type TArchiveCalls = 'any' | 'answered' | 'missed';

export type TArchiveInput = {
  q?: string;
  channelId?: string;
  agentId?: string;
  status?: TArchiveStatus;
  from?: string;
  to?: string;
  tagId?: string;
  calls?: TArchiveCalls;
};

export const emptyArchiveFilters: TArchiveFilters = {
  q: '',
  channelId: '',
  agentId: '',
  status: '',
  from: '',
  to: '',
  tagId: '',
  calls: '',
};

const PARAMS = {
  q: 'q',
  channelId: 'channel',
  agentId: 'agent',
  status: 'status',
  from: 'from',
  to: 'to',
  tagId: 'tag',
  calls: 'calls',
} as const;
export function archiveFiltersFromParams(params: URLSearchParams): TArchiveFilters {
  const read = readFilterParams(params, PARAMS);
  return {
    ...read,
    status: read.status === 'open' || read.status === 'closed' ? read.status : '',
    from: parseDay(read.from) ? read.from : '',
    to: parseDay(read.to) ? read.to : '',
    calls: read.calls === 'any' || read.calls === 'answered' || read.calls === 'missed' ? read.calls : '',
  };
}

export function archiveFiltersToParams(filters: TArchiveFilters): URLSearchParams {
  return filterParams(filters, PARAMS);
}

/**
 * The query input. Days become instants: "from" is the start of that day and "to" the end of that day in
 * the agent's time zone, so "from 3 May to 3 May" means all of 3 May. Swapped dates are put in order.
 */
export function toArchiveInput(filters: TArchiveFilters): TArchiveInput {
  const input: TArchiveInput = {};
  const q = searchWords(filters.q);
  if (q) input.q = q;
  if (filters.channelId) input.channelId = filters.channelId;
  if (filters.agentId) input.agentId = filters.agentId;
  if (filters.status) input.status = filters.status;
  if (filters.tagId) input.tagId = filters.tagId;
  if (filters.calls) input.calls = filters.calls;
  const { from, to } = dayRange(filters.from, filters.to);
  if (from) input.from = from;
  if (to) input.to = to;
  return input;
}

export function hasArchiveFilters(filters: TArchiveFilters): boolean {
  return Object.keys(toArchiveInput(filters)).length > 0;
}
