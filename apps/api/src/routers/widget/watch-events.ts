import { tracked } from '@trpc/server';
import type { WidgetEvent } from '../../contract/events';
import { eventStream } from '../../contract/output';
import { type ChannelNames, nameAgentsForVisitor } from '../../domain/live-chat/agent-names';
import { channelTopic, visitorTopic } from '../../domain/live-chat/constants';
import { ACCOUNT_CONTROL_TOPIC } from '../../domain/operator/accounts';
import { accountSuspended } from '../../domain/sessions';
import { ZLastEventId } from '../../lib/schemas';
import { liveStream } from '../../live/stream';
import { visitorProcedure } from '../../trpc';

export const ZWatchEventsInput = ZLastEventId;
export const ZWatchEventsOutput = eventStream<WidgetEvent>();

/** Agent messages, joins, read receipts and typing for this visitor; resumes with lastEventId. */
export const watchEventsProcedure = visitorProcedure
  .input(ZWatchEventsInput)
  .output(ZWatchEventsOutput)
  .subscription(({ ctx, input, signal }) => {
    // What the stream needs for its whole life, taken out of the call's context: the socket keeps
    // these, not the context copies and the scoped deps object made for this call.
    const { db } = ctx.deps;
    const { visitor } = ctx;
    // The channel names of agents met so far; made with the first event (most sockets sit idle).
    let names: ChannelNames | undefined;
    // The stream's `map` instead of a generator around it: one suspended frame per idle socket, not two.
    return liveStream({
      db,
      database: ctx.deps.database,
      bus: ctx.deps.bus,
      accountId: visitor.accountId,
      userId: visitor.visitorId,
      topics: [visitorTopic(visitor.visitorId), channelTopic(visitor.channelId)],
      lastEventId: input?.lastEventId,
      signal,
      // The operator suspended the account: the stream ends now, not at the next call's check.
      controlTopic: ACCOUNT_CONTROL_TOPIC,
      revokedError: accountSuspended,
      map: async (event) => {
        names ??= new Map();
        const payload = await nameAgentsForVisitor(db, visitor, event.payload as WidgetEvent, names);
        return event.ephemeral ? payload : tracked(String(event.id), payload);
      },
    });
  });
