import type { ConsoleEvent } from '../../contract/events';
import { eventStream } from '../../contract/output';
import { CONSOLE_TOPIC } from '../../domain/live-chat/constants';
import { ZLastEventId } from '../../lib/schemas';
import { agentProcedure, router } from '../../trpc';
import { agentEvents } from '../shared/agent-events';

export const liveRouter = router({
  /** Everything live in the console, in one stream; resumes with lastEventId (typing is not replayed). */
  console: agentProcedure
    .input(ZLastEventId)
    .output(eventStream<ConsoleEvent>())
    .subscription(({ ctx, input, signal }) =>
      agentEvents<ConsoleEvent>(ctx, [CONSOLE_TOPIC], input?.lastEventId, signal),
    ),
});
