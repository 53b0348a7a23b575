import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { listEndpoints } from '../../domain/webhooks/endpoints';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhooks/events';
import { adminProcedure } from '../../trpc';

export const ZListEndpointsOutput = z.object({
  endpoints: typeOnly<ResultOf<typeof listEndpoints>>(),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
});

/** The account's webhook endpoints and the events one can choose (admins). */
export const listEndpointsProcedure = adminProcedure.output(ZListEndpointsOutput).query(async ({ ctx }) => ({
  endpoints: await listEndpoints(ctx.deps.db, ctx.actor.accountId),
  eventTypes: [...WEBHOOK_EVENT_TYPES],
}));
