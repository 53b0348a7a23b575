import type { PresenceEvent } from '../../contract/events';
import { eventStream } from '../../contract/output';
import { PRESENCE_TOPIC } from '../../domain/team';
import { ZLastEventId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';
import { agentEvents } from '../shared/agent-events';

export const ZWatchPresenceInput = ZLastEventId;
export const ZWatchPresenceOutput = eventStream<PresenceEvent>();

/** Live presence of teammates; resumes from lastEventId after a reconnect. */
export const watchPresenceProcedure = agentProcedure
  .input(ZWatchPresenceInput)
  .output(ZWatchPresenceOutput)
  .subscription(({ ctx, input, signal }) =>
    agentEvents<PresenceEvent>(ctx, [PRESENCE_TOPIC], input?.lastEventId, signal),
  );
