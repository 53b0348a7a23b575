import type { Db } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import { publishEphemeral } from '../../live/events';
import { visitorTopic } from './constants';
import { agentBrief } from './views';

/** C6: a CSS selector is short, printable text; the widget's loader parses it in a try/catch. */
export const SELECTOR_MAX = 500;

export function isAcceptableSelector(selector: string): boolean {
  // No control characters at all (NUL, newlines...): a selector the picker or builder makes has none.
  return selector.length > 0 && selector.length <= SELECTOR_MAX && !/\p{Cc}/u.test(selector);
}

export interface PointerInput {
  conversationId: string;
  selector: string;
  /** The page the agent picked on; the visitor's tabs on another page ignore the pointer. */
  url?: string | undefined;
}

/**
 * C6 Pointer: shows the visitor where to look on their page. Ephemeral (like typing): it only makes
 * sense on the page open now, so it is delivered to the visitor's open tabs and never replayed after
 * a reconnect or on the next page. Agents in the open chat only.
 */
export async function sendPointer(
  deps: { db: Db; bus: EventBus },
  agent: { accountId: string; userId: string },
  input: PointerInput,
) {
  const selector = input.selector.trim();
  if (!isAcceptableSelector(selector))
    throw new AppError('bad_request', 'validation', 'Invalid selector', { selector: 'validation.invalid' });
  const c = await deps.db.conversation.findFirst({
    where: { id: input.conversationId, accountId: agent.accountId, kind: 'visitor' },
  });
  if (!c?.visitorId) throw notFound('Conversation');
  const participant = await deps.db.participant.findUnique({
    where: { conversationId_userId: { conversationId: c.id, userId: agent.userId } },
    include: { user: { select: { id: true, name: true, avatarKey: true } } },
  });
  if (!participant || participant.leftAt)
    throw new AppError('forbidden', 'chat.not_participant', 'Join the chat first');
  if (c.status !== 'open') throw new AppError('conflict', 'chat.closed', 'This chat has ended');
  await publishEphemeral(deps.bus, agent.accountId, {
    topic: visitorTopic(c.visitorId),
    data: {
      type: 'pointer',
      selector,
      url: input.url ?? null,
      agent: agentBrief(participant.user),
    },
  });
  return { ok: true as const };
}
