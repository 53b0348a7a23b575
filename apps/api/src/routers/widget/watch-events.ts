import { tracked } from '@trpc/server';
import type { WidgetEvent } from '../../contract/events';
import { eventStream } from '../../contract/output';
import { type ChannelNames, nameAgentsForVisitor } from '../../domain/live-chat/agent-names';
import { channelTopic, visitorTopic } from '../../domain/live-chat/constants';
import { ACCOUNT_CONTROL_TOPIC } from '../../domain/operator/accounts';
import { accountSuspended } from '../../domain/sessions';
import { ZLastEventId } from '../../lib/schemas';
import { AccessRevokedError, liveStream } from '../../live/stream';
import { visitorProcedure } from '../../trpc';

export const ZWatchEventsInput = ZLastEventId;
export const ZWatchEventsOutput = eventStream<WidgetEvent>();

/** Agent messages, joins, read receipts and typing for this visitor; resumes with lastEventId. */
export const watchEventsProcedure = visitorProcedure
  .input(ZWatchEventsInput)
  .output(ZWatchEventsOutput)
  .subscription(async function* ({ ctx, input, signal }) {
    const names: ChannelNames = new Map();
    try {
      for await (const event of liveStream({
        db: ctx.deps.db,
        database: ctx.deps.database,
        bus: ctx.deps.bus,
        accountId: ctx.visitor.accountId,
        userId: ctx.visitor.visitorId,
        topics: [visitorTopic(ctx.visitor.visitorId), channelTopic(ctx.visitor.channelId)],
        lastEventId: input?.lastEventId,
        signal,
        // The operator suspended the account: the stream ends now, not at the next call's check.
        controlTopic: ACCOUNT_CONTROL_TOPIC,
      })) {
        const payload = await nameAgentsForVisitor(
          ctx.deps.db,
          ctx.visitor,
          event.payload as WidgetEvent,
          names,
        );
        if (event.ephemeral) yield payload;
        else yield tracked(String(event.id), payload);
      }
    } catch (err) {
      if (err instanceof AccessRevokedError) throw accountSuspended();
      throw err;
    }
  });
