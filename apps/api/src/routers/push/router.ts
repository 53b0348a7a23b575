import { ZOk } from '../../contract/output';
import { listPushDevices, subscribePush, unsubscribePush, vapidKeysFor } from '../../domain/push';
import { agentProcedure, router } from '../../trpc';
import {
  ZListPushDevicesOutput,
  ZPushConfigOutput,
  ZSubscribePushInput,
  ZSubscribePushOutput,
  ZUnsubscribePushInput,
} from './schemas';

/** A7: this device's Web Push subscription for the caller (their own account and user only). */
export const pushRouter = router({
  config: agentProcedure
    .output(ZPushConfigOutput)
    .query(async ({ ctx }) => ({ publicKey: (await vapidKeysFor(ctx.deps.config)).publicKey })),
  subscribe: agentProcedure
    .input(ZSubscribePushInput)
    .output(ZSubscribePushOutput)
    .mutation(({ ctx, input }) =>
      subscribePush(ctx.deps, ctx.actor, input, ctx.deps.config.allowPrivateNetworkDestinations),
    ),
  unsubscribe: agentProcedure
    .input(ZUnsubscribePushInput)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await unsubscribePush(ctx.deps, ctx.actor, input.endpoint);
      return { ok: true };
    }),
  devices: agentProcedure
    .output(ZListPushDevicesOutput)
    .query(({ ctx }) => listPushDevices(ctx.deps.db, ctx.actor)),
});
