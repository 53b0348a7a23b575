import { randomUUID } from 'node:crypto';
import type { Db } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import { createSlidingWindow } from '../../lib/sliding-window';
import { publishEphemeral } from '../../live/events';
import type { ClientInfo } from '../sessions';
import { CONSOLE_TOPIC, visitorTopic } from './constants';
import { agentBrief } from './views';
import type { VisitorAuth } from './visitor-auth';
import { assertNotBanned, openConversation } from './widget';

/** C6: a CSS selector is short, printable text; the widget's loader parses it in a try/catch. */
export const SELECTOR_MAX = 500;

/**
 * C6: the longest page snapshot a visitor's page may send (characters of sanitised HTML). Even all
 * non-ASCII and JSON-escaped it stays under the 1 MB request and socket limit; a bigger page sends
 * none and the agent types a selector.
 */
export const SNAPSHOT_MAX = 250_000;

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

type TAgent = { accountId: string; userId: string };

/** The agent's open visitor chat, which they have joined: the only chat they may point in. */
async function chatToPointIn(db: Db, agent: TAgent, conversationId: string) {
  const c = await db.conversation.findFirst({
    where: { id: conversationId, accountId: agent.accountId, kind: 'visitor' },
  });
  if (!c?.visitorId) throw notFound('Conversation');
  const participant = await db.participant.findUnique({
    where: { conversationId_userId: { conversationId: c.id, userId: agent.userId } },
    include: { user: { select: { id: true, name: true, avatarKey: true } } },
  });
  if (!participant || participant.leftAt)
    throw new AppError('forbidden', 'chat.not_participant', 'Join the chat first');
  if (c.status !== 'open') throw new AppError('conflict', 'chat.closed', 'This chat has ended');
  return { conversation: c, visitorId: c.visitorId, user: participant.user };
}

/**
 * C6 Pointer: shows the visitor where to look on their page. Ephemeral (like typing): it only makes
 * sense on the page open now, so it is delivered to the visitor's open tabs and never replayed after
 * a reconnect or on the next page. Agents in the open chat only.
 */
export async function sendPointer(deps: { db: Db; bus: EventBus }, agent: TAgent, input: PointerInput) {
  const selector = input.selector.trim();
  if (!isAcceptableSelector(selector))
    throw new AppError('bad_request', 'validation', 'Invalid selector', { selector: 'validation.invalid' });
  const chat = await chatToPointIn(deps.db, agent, input.conversationId);
  await publishEphemeral(deps.bus, agent.accountId, {
    topic: visitorTopic(chat.visitorId),
    data: {
      type: 'pointer',
      selector,
      url: input.url ?? null,
      agent: agentBrief(chat.user),
    },
  });
  return { ok: true as const };
}

/**
 * C6 on another site: the console cannot frame a page of another origin, so it asks the visitor's
 * page (through the widget's loader) for a sanitised copy of itself to pick in. The visitor's tabs
 * on `url` answer with `sendPageSnapshot`, addressed to the asking agent only.
 */
export async function requestPageSnapshot(
  deps: { db: Db; bus: EventBus },
  agent: TAgent,
  input: { conversationId: string; url?: string | undefined },
) {
  const chat = await chatToPointIn(deps.db, agent, input.conversationId);
  const requestId = randomUUID();
  await publishEphemeral(deps.bus, agent.accountId, {
    topic: visitorTopic(chat.visitorId),
    data: { type: 'pointer.snapshot', requestId, agentId: agent.userId, url: input.url ?? null },
  });
  return { requestId };
}

/** A page answers a request or two; more is a page (or a script) sending on its own. */
const snapshotWindow = createSlidingWindow(4, 10_000);

export interface PageSnapshotInput {
  requestId: string;
  agentId: string;
  url: string;
  html: string;
  /** The page's CSS, apart from `html` (inline CSS is refused by the console's CSP). */
  css: string;
}

/**
 * The visitor's page answers a snapshot request. It reaches the agent it names only if that agent is
 * in the visitor's open chat, so a page can send only to whoever could have asked; the console shows
 * it only for a request id it made, in a frame that runs no script (docs/live-chat.md, "Pointer").
 */
export async function sendPageSnapshot(
  deps: { db: Db; bus: EventBus },
  visitor: VisitorAuth,
  input: PageSnapshotInput,
  client: ClientInfo,
) {
  if (!snapshotWindow.take(visitor.visitorId))
    throw new AppError('rate_limited', 'widget.rate_limited', 'Too many page snapshots');
  await assertNotBanned(deps.db, visitor, client);
  const conversation = await openConversation(deps.db, visitor);
  const participant =
    conversation &&
    (await deps.db.participant.findUnique({
      where: { conversationId_userId: { conversationId: conversation.id, userId: input.agentId } },
    }));
  if (!conversation || !participant || participant.leftAt)
    throw new AppError('forbidden', 'chat.not_participant', 'This agent is not in your chat');
  await publishEphemeral(deps.bus, visitor.accountId, {
    topic: CONSOLE_TOPIC,
    data: {
      type: 'pointer.snapshot',
      conversationId: conversation.id,
      requestId: input.requestId,
      url: input.url,
      html: input.html,
      css: input.css,
    },
    audience: [input.agentId],
  });
  return { ok: true as const };
}
