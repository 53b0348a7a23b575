import { TRPCError, tracked } from '@trpc/server';
import type { Actor, Context } from '../../context';
import { userControlTopic } from '../../domain/live-chat/constants';
import { AccessRevokedError, liveStream } from '../../live/stream';

/**
 * The events of some topics for an agent's subscription: stored ones tracked (resumable with
 * lastEventId), ephemeral ones bare; ends with UNAUTHORIZED the moment the agent is disabled.
 */
export async function* agentEvents<T>(
  ctx: Context & { actor: Actor },
  topics: string[],
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
) {
  try {
    for await (const event of liveStream({
      db: ctx.deps.db,
      database: ctx.deps.database,
      bus: ctx.deps.bus,
      accountId: ctx.actor.accountId,
      userId: ctx.actor.userId,
      topics,
      lastEventId,
      signal,
      controlTopic: userControlTopic(ctx.actor.userId),
    })) {
      const data = event.payload as T;
      if (event.ephemeral) yield data;
      else yield tracked(String(event.id), data);
    }
  } catch (err) {
    if (err instanceof AccessRevokedError)
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your access was revoked' });
    throw err;
  }
}
