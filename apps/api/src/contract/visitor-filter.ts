import { z } from 'zod';
import { ZId } from '../lib/schemas';

const ZDate = z.iso.datetime({ offset: true }).or(z.iso.date());

/** The CRM's visitor filter: `crm.visitors` pages through it, GET /exports/visitors.csv streams it. */
export const ZVisitorFilter = z.object({
  q: z.string().max(200).optional(),
  tagId: ZId.optional(),
  statusId: ZId.optional(),
  channelId: ZId.optional(),
  lastSeenFrom: ZDate.optional(),
  lastSeenTo: ZDate.optional(),
  hasEmail: z.boolean().optional(),
  hasPhone: z.boolean().optional(),
});
export type TVisitorFilter = z.infer<typeof ZVisitorFilter>;
