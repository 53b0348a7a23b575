import type { Db } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import { clipText } from '../../lib/text';
import { withLiveEvents } from '../../live/events';
import { CONSOLE_TOPIC } from '../live-chat/constants';
import { audienceOf } from '../live-chat/routing';
import type { VisitorAuth } from '../live-chat/visitor-auth';
import { readWebsiteConfig } from '../live-chat/website-config';

/** G7: a visitor's comment on a rating is short feedback, not a second chat. */
export const RATING_COMMENT_MAX = 1000;

export type RatingScale = 'thumbs' | 'stars';

export interface RatingView {
  conversationId: string;
  visitorId: string;
  agentId: string | null;
  scale: RatingScale;
  /** `thumbs`: 0 bad, 1 good; `stars`: 1..5. */
  score: number;
  comment: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RatingDeps {
  db: Db;
  bus: EventBus;
}

const toView = (r: {
  conversationId: string;
  visitorId: string;
  agentId: string | null;
  scale: string;
  score: number;
  comment: string | null;
  createdAt: Date;
  updatedAt: Date;
}): RatingView => ({
  conversationId: r.conversationId,
  visitorId: r.visitorId,
  agentId: r.agentId,
  scale: r.scale === 'stars' ? 'stars' : 'thumbs',
  score: r.score,
  comment: r.comment,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export const validScore = (scale: RatingScale, score: number) =>
  Number.isInteger(score) && (scale === 'stars' ? score >= 1 && score <= 5 : score === 0 || score === 1);

/**
 * The visitor rates one of their own chats after it ended. One rating per conversation; the visitor
 * may change it until their next chat on the channel starts (a later rating replaces the earlier).
 * The scale is the channel's (`ratingScale` in its settings), read at rating time.
 */
export async function rateConversation(
  deps: RatingDeps,
  visitor: VisitorAuth,
  input: { conversationId: string; score: number; comment?: string | null | undefined },
) {
  const c = await deps.db.conversation.findFirst({
    where: { id: input.conversationId, accountId: visitor.accountId, visitorId: visitor.visitorId },
    include: {
      channel: { select: { config: true } },
      participants: { orderBy: { joinedAt: 'asc' }, select: { userId: true } },
    },
  });
  if (!c) throw notFound('Conversation');
  if (c.status !== 'closed')
    throw new AppError('conflict', 'rating.chat_open', 'A chat can be rated once it has ended');
  const later = await deps.db.conversation.findFirst({
    where: {
      accountId: visitor.accountId,
      visitorId: visitor.visitorId,
      channelId: c.channelId,
      startedAt: { gt: c.startedAt },
    },
    select: { id: true },
  });
  if (later)
    throw new AppError(
      'conflict',
      'rating.too_late',
      'This chat can no longer be rated: a newer chat started',
    );
  const scale: RatingScale = readWebsiteConfig(c.channel?.config).ratingScale;
  if (!validScore(scale, input.score))
    throw new AppError('bad_request', 'rating.invalid_score', 'This score does not fit the rating scale', {
      score: 'rating.invalid_score',
    });
  const comment = input.comment?.trim() ? clipText(input.comment.trim(), RATING_COMMENT_MAX) : null;
  const agentIds = [...new Set(c.participants.map((p) => p.userId))];
  const agentId = c.assigneeId ?? agentIds[agentIds.length - 1] ?? null;
  return withLiveEvents(deps, visitor.accountId, async (tx, emit) => {
    const fields = { scale, score: input.score, comment, agentId, agentIds };
    const row = await tx.rating.upsert({
      where: { conversationId: c.id },
      create: {
        accountId: visitor.accountId,
        conversationId: c.id,
        channelId: c.channelId,
        visitorId: visitor.visitorId,
        ...fields,
      },
      update: fields,
    });
    // The conversation keeps the latest score too (older lists and exports read it there).
    await tx.conversation.update({
      where: { id: c.id },
      data: { rating: input.score, ratingComment: comment },
    });
    const rating = toView(row);
    // Stored as a LiveEvent of type `chat.rated`: the console shows it live, a statistics rollup can
    // count these rows (the Rating table stays the source of truth).
    // Heard by whoever may see the chat (its channel's agents) and every agent who was in it.
    const channelAudience = await audienceOf(tx, { id: c.id, channelId: c.channelId });
    const audience = channelAudience ? [...new Set([...channelAudience, ...agentIds])] : undefined;
    await emit({
      topic: CONSOLE_TOPIC,
      data: { type: 'chat.rated', rating },
      ...(audience ? { audience } : {}),
    });
    return rating;
  });
}

/** The rating of a chat, for an agent of its account (null when the visitor gave none). */
export async function getRating(db: Db, accountId: string, conversationId: string) {
  const c = await db.conversation.findFirst({
    where: { id: conversationId, accountId },
    select: { id: true },
  });
  if (!c) throw notFound('Conversation');
  const row = await db.rating.findUnique({ where: { conversationId: c.id } });
  return row ? toView(row) : null;
}

/** The visitor's own rating of one of their chats (the widget shows it to change it). */
export async function getOwnRating(db: Db, visitor: VisitorAuth, conversationId: string) {
  const row = await db.rating.findFirst({
    where: { conversationId, accountId: visitor.accountId, visitorId: visitor.visitorId },
  });
  return row ? toView(row) : null;
}

/** How long after a chat ended a returning visitor is still asked to rate it (on any page load). */
export const RATE_PROMPT_MS = 24 * 60 * 60_000;

/**
 * The visitor's latest chat on this channel if it ended within a day and no newer one started: the
 * widget shows the rating panel for it after a reload or on the next page, not only live.
 */
export async function recentlyEndedChat(db: Db, visitorId: string, channelKey: string, now = Date.now()) {
  const latest = await db.conversation.findFirst({
    where: { visitorId, kind: 'visitor', channel: { publicKey: channelKey } },
    orderBy: { startedAt: 'desc' },
    select: { id: true, status: true, closedAt: true },
  });
  if (latest?.status !== 'closed' || !latest.closedAt) return null;
  return latest.closedAt.getTime() > now - RATE_PROMPT_MS ? latest.id : null;
}
