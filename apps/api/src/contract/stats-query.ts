// The Statistics report's query, shared by the stats.report procedure and GET /exports/stats.csv.
import { z } from 'zod';
import { ZId } from '../lib/schemas';

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'stats.date_invalid');

/** A report's period (in the account's time zone) and filters; the console keeps them in its URL. */
export const ZReportQuery = z.object({
  preset: z
    .enum(['today', 'yesterday', 'last7', 'last30', 'thisMonth', 'lastMonth', 'custom'])
    .default('last7'),
  from: ZDate.optional(),
  to: ZDate.optional(),
  channelId: ZId.optional(),
  agentId: ZId.optional(),
  tagId: ZId.optional(),
  statusId: ZId.optional(),
});
