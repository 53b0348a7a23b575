import { AppError } from '../../errors';
import { createSlidingWindow } from '../../lib/sliding-window';
import { publishEphemeral } from '../../live/events';
import type { ClientInfo } from '../sessions';
import { matchBan } from './ban-lookup';
import { CONSOLE_TOPIC } from './constants';
import { openConversation } from './open-conversation';
import { messageAudience } from './routing';
import type { VisitorAuth } from './visitor-auth';
import { assertNotBanned } from './widget-bans';
import type { WidgetDeps } from './widget-deps';

/**
 * At most this many typing previews per visitor per second reach the agents; the widget sends
 * fewer, so only a misbehaving client loses some (its next keystroke or its message follows).
 */
const TYPING_PER_SECOND = 5;
const typingWindow = createSlidingWindow(TYPING_PER_SECOND, 1000);

/** Live preview of the visitor's draft for the agents (B6); not stored. */
export async function visitorTyping(
  deps: WidgetDeps,
  visitor: VisitorAuth,
  text: string,
  client: ClientInfo,
): Promise<{ forwarded: boolean }> {
  if (!typingWindow.take(visitor.visitorId)) return { forwarded: false };
  if (deps.database?.hotPath)
    return typingOnHotPath({ ...deps, database: deps.database }, visitor, text, client);
  await assertNotBanned(deps.db, visitor, client);
  const conversation = await openConversation(deps.db, visitor);
  if (!conversation) return { forwarded: false };
  const audience = await messageAudience(deps.db, conversation);
  await publishEphemeral(deps.bus, visitor.accountId, {
    topic: CONSOLE_TOPIC,
    data: { type: 'typing', conversationId: conversation.id, text },
    ...(audience ? { audience } : {}),
  });
  return { forwarded: true };
}

/**
 * The same on the hot path's SQL: one read (bans, the open conversation with its agents, the channel's
 * listed agents) instead of three Prisma queries; the same refusal and the same audience
 * (`messageAudience`: the agents in the chat, else whoever may take it, else everyone).
 */
async function typingOnHotPath(
  deps: WidgetDeps & { database: NonNullable<WidgetDeps['database']> },
  visitor: VisitorAuth,
  text: string,
  client: ClientInfo,
): Promise<{ forwarded: boolean }> {
  const state = await deps.database.hotPath.visitorTyping({
    accountId: visitor.accountId,
    visitorId: visitor.visitorId,
    channelId: visitor.channelId,
    now: new Date(),
  });
  if (matchBan(state.bans, visitor.visitorId, client.ip))
    throw new AppError('forbidden', 'widget.banned', 'Chat is not available');
  const c = state.conversation;
  if (!c) return { forwarded: false };
  const audience =
    c.participantIds.length > 0
      ? c.participantIds
      : c.channelId && state.channelAgentIds.length > 0
        ? state.channelAgentIds
        : undefined;
  await publishEphemeral(deps.bus, visitor.accountId, {
    topic: CONSOLE_TOPIC,
    data: { type: 'typing', conversationId: c.id, text },
    ...(audience ? { audience } : {}),
  });
  return { forwarded: true };
}
