import type { Db, DbTx } from '@parley/db';
import type { PluginHost } from '@parley/integrations';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import { runInBackground } from '../../lib/background';
import { withLiveEvents } from '../../live/events';
import type { Logger } from '../../logger';
import { CONSOLE_TOPIC } from './constants';
import { emitConversation } from './messages';
import { conversationAudience } from './routing';
import { type MessageTranslation, primaryLanguage, readTranslation } from './translation-meta';
import { getMessage, toChatMessage } from './views';

/**
 * C7 Translator, per conversation (`Conversation.translateTo`: the agents' language, null = off).
 *
 * Visitor → agents: translated AFTER the message is stored and published. The visitor's send must
 * stay fast and must never be lost to a slow or broken provider, so the message goes out as written
 * at once and a second `message` event carries the translation when it arrives (the console
 * replaces the message by id). The wait is bounded by VISITOR_TIMEOUT_MS.
 *
 * Agents → visitor: translated INLINE, before the message is stored, with a short timeout. The
 * visitor must receive one text in their language, not the original followed by a correction; the
 * agent is waiting for their own message anyway. On failure or timeout the original is sent and the
 * message records why (the console says "Translation unavailable").
 */
export interface TranslationDeps {
  db: Db;
  bus: EventBus;
  plugins: PluginHost;
  logger: Logger;
}

export interface TranslationAgent {
  accountId: string;
  userId: string;
}

export const AGENT_TIMEOUT_MS = 4000;
export const VISITOR_TIMEOUT_MS = 10_000;
/** How many earlier visitor messages get translated when an agent turns the translator on. */
const BACKLOG = 20;

const noTranslator = () =>
  new AppError('bad_request', 'integration.no_translator', 'No translator is set up (Manage → Integrations)');

class TimeoutError extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError('translation timed out')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function translatorOf(deps: TranslationDeps, accountId: string) {
  const [install] = await deps.plugins.findInstalls(accountId, 'translator');
  return install ? deps.plugins.translator(install.id) : null;
}

/**
 * Translates `text` to `to`; `from` when known (else the provider detects it). Never throws: a
 * failure is returned as a `failed` translation so the caller keeps the original text.
 */
export async function translateWithin(
  deps: TranslationDeps,
  accountId: string,
  input: { text: string; to: string; from?: string | null },
  timeoutMs: number,
): Promise<MessageTranslation> {
  const base = { from: input.from ?? null, to: input.to };
  if (input.from && input.from === input.to) return { status: 'same', ...base };
  try {
    return await withTimeout(
      (async (): Promise<MessageTranslation> => {
        const translator = await translatorOf(deps, accountId);
        if (!translator) return { status: 'failed', ...base, error: 'no_translator' };
        let from = input.from ?? null;
        if (!from) {
          // Detect first: text already in the agents' language is left alone (and not billed twice).
          from = primaryLanguage((await translator.detect(input.text)).language);
          if (from === input.to) return { status: 'same', from, to: input.to };
        }
        const result = await translator.translate({
          text: input.text,
          to: input.to,
          ...(from ? { from } : {}),
        });
        return {
          status: 'translated',
          from: from ?? primaryLanguage(result.detectedLanguage),
          to: input.to,
          text: result.text,
        };
      })(),
      timeoutMs,
    );
  } catch (err) {
    deps.logger.warn({ err, accountId }, 'translation failed');
    return { status: 'failed', ...base, error: err instanceof TimeoutError ? 'timeout' : 'provider' };
  }
}

async function ownConversation(db: Db, accountId: string, conversationId: string) {
  const c = await db.conversation.findFirst({ where: { id: conversationId, accountId, kind: 'visitor' } });
  if (!c?.visitorId) throw notFound('Conversation');
  return { ...c, visitorId: c.visitorId };
}

/**
 * Turns the translator on or off for a conversation (agents in it only). On: `language` (default:
 * the agent's console language) is what agents read; a translator plugin must be installed. Every
 * agent in the chat sees the change live (a `conversation` event carrying `translateTo`).
 */
export async function setConversationTranslation(
  deps: TranslationDeps,
  agent: TranslationAgent,
  input: { conversationId: string; enabled: boolean; language?: string | undefined },
) {
  const c = await ownConversation(deps.db, agent.accountId, input.conversationId);
  const participant = await deps.db.participant.findUnique({
    where: { conversationId_userId: { conversationId: c.id, userId: agent.userId } },
  });
  if (!participant || participant.leftAt)
    throw new AppError('forbidden', 'chat.not_participant', 'Join the chat first');
  let translateTo: string | null = null;
  if (input.enabled) {
    const user = await deps.db.user.findFirstOrThrow({
      where: { id: agent.userId, accountId: agent.accountId },
    });
    translateTo = primaryLanguage(input.language ?? user.locale);
    if (!translateTo)
      throw new AppError('bad_request', 'validation', 'Unknown language', { language: 'validation.invalid' });
    if ((await deps.plugins.findInstalls(agent.accountId, 'translator')).length === 0) throw noTranslator();
  }
  const conversation = await withLiveEvents(deps, agent.accountId, async (tx, emit) => {
    await tx.conversation.update({ where: { id: c.id }, data: { translateTo } });
    return emitConversation(tx, emit, agent.accountId, c.id);
  });
  if (translateTo && translateTo !== c.translateTo)
    runInBackground(deps.logger, 'translate-backlog', { conversationId: c.id }, () =>
      translateBacklog(deps, agent.accountId, c.id),
    );
  return conversation;
}

/** Recent visitor messages written before the translator was turned on. */
async function translateBacklog(deps: TranslationDeps, accountId: string, conversationId: string) {
  try {
    const rows = await deps.db.message.findMany({
      where: { accountId, conversationId, authorType: 'visitor', kind: 'text' },
      orderBy: { createdAt: 'desc' },
      take: BACKLOG,
      select: { id: true, meta: true },
    });
    for (const row of rows.reverse()) {
      if (!readTranslation(row.meta)) await translateVisitorMessage(deps, accountId, row.id);
    }
  } catch (err) {
    deps.logger.warn({ err, conversationId }, 'translating earlier messages failed');
  }
}

/**
 * After a visitor message is stored: translate it for the agents if the conversation has the
 * translator on. Fire and forget; the caller has already answered the visitor.
 */
export function translateVisitorMessageLater(
  deps: Partial<TranslationDeps> & Pick<TranslationDeps, 'db' | 'bus'>,
  accountId: string,
  messageId: string,
): void {
  if (!deps.plugins || !deps.logger) return;
  const full = deps as TranslationDeps;
  runInBackground(full.logger, 'translate-visitor-message', { messageId }, () =>
    translateVisitorMessage(full, accountId, messageId),
  );
}

export async function translateVisitorMessage(deps: TranslationDeps, accountId: string, messageId: string) {
  const message = await deps.db.message.findFirst({
    where: { id: messageId, accountId, authorType: 'visitor' },
    include: { conversation: { select: { translateTo: true } } },
  });
  const to = message?.conversation.translateTo;
  if (!message || !to || message.kind !== 'text') return;
  const translation = await translateWithin(deps, accountId, { text: message.body, to }, VISITOR_TIMEOUT_MS);
  await withLiveEvents(deps, accountId, async (tx, emit) => {
    await storeTranslation(tx, message.id, message.meta, translation);
    const chatMessage = toChatMessage(await getMessage(tx, accountId, message.id));
    const audience = await conversationAudience(tx, message.conversationId);
    await emit({
      topic: CONSOLE_TOPIC,
      data: { type: 'message', message: chatMessage },
      ...(audience ? { audience } : {}),
    });
  });
}

async function storeTranslation(tx: DbTx, id: string, meta: unknown, translation: MessageTranslation) {
  const previous = meta && typeof meta === 'object' ? (meta as Record<string, unknown>) : {};
  await tx.message.update({
    where: { id },
    data: { meta: { ...previous, translation: { ...translation } } as object },
  });
}

/**
 * The visitor's language: what the provider detected in their latest translated message, else
 * their browser's language (from `widget.start`).
 */
export async function visitorLanguage(db: Db, accountId: string, conversationId: string, visitorId: string) {
  const recent = await db.message.findMany({
    where: { accountId, conversationId, authorType: 'visitor' },
    orderBy: { createdAt: 'desc' },
    take: 10,
    select: { meta: true },
  });
  for (const row of recent) {
    const from = readTranslation(row.meta)?.from;
    if (from) return from;
  }
  const visitor = await db.visitor.findFirst({
    where: { id: visitorId, accountId },
    select: { locale: true },
  });
  return primaryLanguage(visitor?.locale);
}

/**
 * Before an agent's message is stored: the translation the visitor will receive, or null when the
 * conversation has the translator off. Bounded by AGENT_TIMEOUT_MS; never throws.
 */
export async function translationForVisitor(
  deps: TranslationDeps,
  conversation: { id: string; accountId: string; visitorId: string; translateTo: string | null },
  body: string,
): Promise<MessageTranslation | null> {
  if (!conversation.translateTo) return null;
  const to = await visitorLanguage(deps.db, conversation.accountId, conversation.id, conversation.visitorId);
  if (!to) return { status: 'failed', from: conversation.translateTo, to: 'und', error: 'unknown_language' };
  return translateWithin(
    deps,
    conversation.accountId,
    { text: body, to, from: conversation.translateTo },
    AGENT_TIMEOUT_MS,
  );
}
