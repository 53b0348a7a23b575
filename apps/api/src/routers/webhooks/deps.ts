import { z } from 'zod';
import type { Context } from '../../context';
import type { EndpointDeps } from '../../domain/webhooks/endpoints';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhooks/events';

export const endpointDeps = (ctx: Context): EndpointDeps => ({
  db: ctx.deps.db,
  bus: ctx.deps.bus,
  destinations: { allowPrivateNetwork: ctx.deps.config.allowPrivateNetworkDestinations },
});

export const ZWebhookEvents = z.array(z.enum(WEBHOOK_EVENT_TYPES)).max(WEBHOOK_EVENT_TYPES.length * 2);
export const ZWebhookUrl = z.string().trim().min(1).max(2000);
export const ZWebhookDescription = z.string().max(200);
