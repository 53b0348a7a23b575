import { z } from 'zod';
import { type ResultOf, typeOnly, ZOk } from '../../contract/output';
import {
  deleteEndpoint,
  listDeliveries,
  replayDelivery,
  revealSecret,
  rotateSecret,
  sendTestEvent,
} from '../../domain/webhooks/endpoints';
import { ZId } from '../../lib/schemas';
import { adminProcedure } from '../../trpc';

const ZById = z.object({ id: ZId });

export const ZSecretOutput = z.object({ secret: z.string() });

/** The endpoint's current signing secret (audited). */
export const revealSecretProcedure = adminProcedure
  .input(ZById)
  .output(ZSecretOutput)
  .mutation(({ ctx, input }) => revealSecret(ctx.deps.db, ctx.actor, input.id));

/** A new signing secret at once. */
export const rotateSecretProcedure = adminProcedure
  .input(ZById)
  .output(ZSecretOutput)
  .mutation(({ ctx, input }) => rotateSecret(ctx.deps.db, ctx.actor, input.id));

export const deleteEndpointProcedure = adminProcedure
  .input(ZById)
  .output(ZOk)
  .mutation(({ ctx, input }) => deleteEndpoint(ctx.deps.db, ctx.actor, input.id));

/** Queues a `webhook.test` event for the endpoint. */
export const sendTestEventProcedure = adminProcedure
  .input(ZById)
  .output(z.object({ deliveryId: z.string() }))
  .mutation(({ ctx, input }) => sendTestEvent(ctx.deps.db, ctx.actor, input.id));

export const ZListDeliveriesInput = z.object({
  endpointId: ZId,
  before: ZId.optional(),
  limit: z.number().int().min(1).max(100).optional(),
});

/** The endpoint's delivery log, newest first. */
export const listDeliveriesProcedure = adminProcedure
  .input(ZListDeliveriesInput)
  .output(typeOnly<ResultOf<typeof listDeliveries>>())
  .query(({ ctx, input }) => listDeliveries(ctx.deps.db, ctx.actor.accountId, input));

/** Sends a delivery again with the same webhook-id. */
export const replayDeliveryProcedure = adminProcedure
  .input(ZById)
  .output(ZOk)
  .mutation(({ ctx, input }) => replayDelivery(ctx.deps.db, ctx.actor, input.id));
