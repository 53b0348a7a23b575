import { createSlidingWindow } from '../../lib/sliding-window';
import { publishEphemeral } from '../../live/events';
import type { ClientInfo } from '../sessions';
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
