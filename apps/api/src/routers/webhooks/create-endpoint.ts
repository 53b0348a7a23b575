import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { createEndpoint } from '../../domain/webhooks/endpoints';
import { adminProcedure } from '../../trpc';
import { endpointDeps, ZWebhookDescription, ZWebhookEvents, ZWebhookUrl } from './deps';

export const ZCreateEndpointInput = z.object({
  url: ZWebhookUrl,
  description: ZWebhookDescription.optional(),
  events: ZWebhookEvents,
});

/** Adds an endpoint; the answer carries its signing secret. */
export const createEndpointProcedure = adminProcedure
  .input(ZCreateEndpointInput)
  .output(typeOnly<ResultOf<typeof createEndpoint>>())
  .mutation(({ ctx, input }) => createEndpoint(endpointDeps(ctx), ctx.actor, input));
