/**
 * What the statistics count of one visitor conversation: every definition of docs/statistics.md in
 * one pure function, so the rollup job and the rebuild cannot disagree.
 */

export interface TFactConversation {
  id: string;
  channelId: string | null;
  channelKind: string | null;
  visitorId: string | null;
  origin: string;
  status: string;
  /** Stars 1..5 (a `stars` Rating, or the conversation's own score when no Rating row exists). */
  rating: number | null;
  /** A `thumbs` Rating: 1 good, 0 bad; null when none. */
  thumbs?: number | null;
  invitationText: string | null;
  startedAt: Date;
  closedAt: Date | null;
}

export interface TFactMessage {
  authorType: string;
  authorUserId: string | null;
  kind: string;
  createdAt: Date;
  meta: unknown;
}

/** The figures of one chat (a StatChat row without its ids and bucket). */
export interface TChatFacts {
  channelId: string;
  agentId: string;
  visitorId: string | null;
  startedAt: Date;
  chat: number;
  offline: number;
  answered: number;
  missed: number;
  proactive: number;
  proactiveAnswered: number;
  invited: number;
  firstResponseMs: number | null;
  responseSumMs: number;
  responseCount: number;
  responseAvgMs: number | null;
  durationMs: number | null;
  transfers: number;
  rating: number | null;
  thumbsUp: number;
  thumbsDown: number;
}

const SPOKEN = new Set(['text', 'file', 'gif']);

/**
 * A bot's reply (`chats.sendAsBot`, REST `sender: { type: 'bot' }`) is stored on the agents' side
 * (`authorType` agent, no user, `meta.bot`), but no agent wrote it: it answers nothing for statistics.
 */
function isBotReply(m: TFactMessage): boolean {
  const bot = (m.meta as { bot?: unknown } | null)?.bot;
  return m.authorType === 'agent' && m.authorUserId === null && typeof bot === 'object' && bot !== null;
}

function systemEvent(meta: unknown): string | null {
  const system = (meta as { system?: { event?: unknown } } | null)?.system;
  return typeof system?.event === 'string' ? system.event : null;
}

/**
 * What the rollup keeps of a conversation's messages so far (StatChat.fold, as JSON): enough to fold
 * the next messages in without reading the earlier ones again, and to give every figure. Its size
 * does not grow with the conversation.
 */
export interface TFold {
  /** Messages folded (all kinds): the rollup compares it with the conversation's count. */
  n: number;
  /** The last folded message, in (createdAt, id) order: the next run reads after it. */
  at: number | null;
  id: string | null;
  firstVisitorAt: number | null;
  firstAgentAt: number | null;
  firstAgentId: string | null;
  /** The first agent message after the visitor's first (the first response), and its author. */
  answeredAt: number | null;
  answererId: string | null;
  lastSpokenAt: number | null;
  /** The visitor message that started the running response clock (null: none running). */
  waitingSince: number | null;
  responseSumMs: number;
  responseCount: number;
  transfers: number;
  /**
   * The rollup's own (rollup.ts): the ids and times of the folded messages less than LATE_MS older
   * than the position, so a message committed late with an earlier time is noticed.
   */
  recent?: [id: string, at: number][];
}

export const emptyFold = (): TFold => ({
  n: 0,
  at: null,
  id: null,
  firstVisitorAt: null,
  firstAgentAt: null,
  firstAgentId: null,
  answeredAt: null,
  answererId: null,
  lastSpokenAt: null,
  waitingSince: null,
  responseSumMs: 0,
  responseCount: 0,
  transfers: 0,
});

/** Reads StatChat.fold back; null for none or anything unreadable (the rollup then folds anew). */
export function parseFold(text: string | null | undefined): TFold | null {
  if (!text) return null;
  try {
    const f = JSON.parse(text) as TFold;
    return typeof f === 'object' && f !== null && typeof f.n === 'number' ? { ...emptyFold(), ...f } : null;
  } catch {
    return null;
  }
}

/** Folds the next message (in (createdAt, id) order) into `f`, in place. */
export function foldMessage(f: TFold, m: TFactMessage & { id?: string }) {
  const at = m.createdAt.getTime();
  f.n++;
  f.at = at;
  f.id = m.id ?? null;
  if (m.kind === 'system') {
    if (systemEvent(m.meta) === 'transferred') f.transfers++;
    return;
  }
  if (!SPOKEN.has(m.kind)) return;
  if (m.authorType === 'visitor') {
    f.firstVisitorAt ??= at;
    f.waitingSince ??= at;
    f.lastSpokenAt = at;
  } else if (isBotReply(m)) {
    // Not a first response nor a response (the visitor still waits for an agent); it does keep the
    // chat going for its duration.
    f.lastSpokenAt = at;
  } else if (m.authorType === 'agent') {
    f.lastSpokenAt = at;
    if (f.firstAgentAt === null) {
      f.firstAgentAt = at;
      f.firstAgentId = m.authorUserId;
    }
    if (f.firstVisitorAt !== null && f.answererId === null) {
      f.answererId = m.authorUserId ?? '';
      f.answeredAt = at;
    }
    if (f.waitingSince !== null) {
      f.responseSumMs += at - f.waitingSince;
      f.responseCount++;
      f.waitingSince = null;
    }
  }
}

/**
 * @param messages the conversation's messages, oldest first
 * @param visitorOnSite whether the visitor still has an open visit on the chat's channel
 */
export function chatFacts(
  c: TFactConversation,
  messages: readonly TFactMessage[],
  visitorOnSite: boolean,
): TChatFacts {
  const f = emptyFold();
  for (const m of messages) foldMessage(f, m);
  return foldFacts(c, f, visitorOnSite);
}

/** The figures of a chat from what was folded of its messages (all of them, oldest first). */
export function foldFacts(c: TFactConversation, f: TFold, visitorOnSite: boolean): TChatFacts {
  const offline = c.origin === 'offline_form';
  const proactive = c.origin === 'proactive';
  const { firstVisitorAt, firstAgentAt, answererId, responseSumMs, responseCount } = f;
  // The first reply after the visitor's first message; a proactive chat has no first response.
  const firstResponseMs =
    !proactive && f.answeredAt !== null && firstVisitorAt !== null ? f.answeredAt - firstVisitorAt : null;
  const chat = !offline && firstVisitorAt !== null ? 1 : 0;
  const answered = chat && answererId !== null ? 1 : 0;
  const start = proactive && firstAgentAt !== null ? firstAgentAt : (firstVisitorAt ?? c.startedAt.getTime());
  const gone = c.status === 'closed' || (c.channelKind === 'website' && !visitorOnSite);
  const end = c.closedAt ? c.closedAt.getTime() : f.lastSpokenAt;
  return {
    channelId: c.channelId ?? '',
    agentId: chat ? ((proactive ? f.firstAgentId : answererId) ?? '') : '',
    visitorId: c.visitorId,
    startedAt: new Date(start),
    chat,
    offline: offline ? 1 : 0,
    answered,
    missed: chat && !answered && gone ? 1 : 0,
    proactive: proactive ? 1 : 0,
    proactiveAnswered: proactive && firstVisitorAt !== null ? 1 : 0,
    invited: chat && c.invitationText ? 1 : 0,
    firstResponseMs: chat ? firstResponseMs : null,
    responseSumMs: chat ? responseSumMs : 0,
    responseCount: chat ? responseCount : 0,
    responseAvgMs: chat && responseCount > 0 ? Math.round(responseSumMs / responseCount) : null,
    durationMs: answered && end !== null ? Math.max(0, end - start) : null,
    transfers: chat ? f.transfers : 0,
    rating: chat ? c.rating : null,
    thumbsUp: chat && c.thumbs === 1 ? 1 : 0,
    thumbsDown: chat && c.thumbs === 0 ? 1 : 0,
  };
}

/** The StatHour columns a chat adds to its hour. */
export const HOUR_COLUMNS = [
  'chats',
  'offline',
  'answered',
  'missed',
  'proactive',
  'proactiveAnswered',
  'invited',
  'frtSumMs',
  'frtCount',
  'respSumMs',
  'respCount',
  'durationSumMs',
  'durationCount',
  'transfers',
  'ratingSum',
  'ratingCount',
  'rating1',
  'rating2',
  'rating3',
  'rating4',
  'rating5',
  'thumbsUp',
  'thumbsDown',
  // Calls (call-facts.ts): a chat adds none, a call only these.
  'callsAnswered',
  'callsMissed',
  'callSecSum',
  'callSecCount',
] as const;
export type THourColumn = (typeof HOUR_COLUMNS)[number];
export type THourSums = Record<THourColumn, number>;

export function contribution(f: Omit<TChatFacts, 'visitorId' | 'startedAt'>): THourSums {
  const rated = f.rating !== null && f.rating >= 1 && f.rating <= 5 ? f.rating : null;
  return {
    chats: f.chat,
    offline: f.offline,
    answered: f.answered,
    missed: f.missed,
    proactive: f.proactive,
    proactiveAnswered: f.proactiveAnswered,
    invited: f.invited,
    frtSumMs: f.firstResponseMs ?? 0,
    frtCount: f.firstResponseMs === null ? 0 : 1,
    respSumMs: f.responseSumMs,
    respCount: f.responseCount,
    durationSumMs: f.durationMs ?? 0,
    durationCount: f.durationMs === null ? 0 : 1,
    transfers: f.transfers,
    ratingSum: rated ?? 0,
    ratingCount: rated ? 1 : 0,
    rating1: rated === 1 ? 1 : 0,
    rating2: rated === 2 ? 1 : 0,
    rating3: rated === 3 ? 1 : 0,
    rating4: rated === 4 ? 1 : 0,
    rating5: rated === 5 ? 1 : 0,
    thumbsUp: f.thumbsUp,
    thumbsDown: f.thumbsDown,
    callsAnswered: 0,
    callsMissed: 0,
    callSecSum: 0,
    callSecCount: 0,
  };
}
