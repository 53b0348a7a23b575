import type { Db } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import { withLiveEvents } from '../../live/events';
import { CONSOLE_TOPIC, visitorTopic } from '../live-chat/constants';
import { emitConversation, postMessage } from '../live-chat/messages';
import { servesChannel } from '../live-chat/routing';
import { agentBrief, getMessage, summarizeOne, toChatMessage } from '../live-chat/views';

export interface ToolDeps {
  db: Db;
  bus: EventBus;
}
export interface ToolAgent {
  accountId: string;
  userId: string;
}

const notYours = () => new AppError('forbidden', 'chat.not_participant', 'Join the chat first');

/** A visitor conversation that `agent` is in. */
export async function myVisitorChat(db: Db, agent: ToolAgent, conversationId: string) {
  const c = await db.conversation.findFirst({
    where: { id: conversationId, accountId: agent.accountId, kind: 'visitor' },
  });
  if (!c?.visitorId) throw notFound('Conversation');
  const p = await db.participant.findUnique({
    where: { conversationId_userId: { conversationId: c.id, userId: agent.userId } },
  });
  if (!p || p.leftAt) throw notYours();
  if (c.status !== 'open') throw new AppError('conflict', 'chat.closed', 'This chat has ended');
  return { ...c, visitorId: c.visitorId };
}

async function colleague(db: Db, agent: ToolAgent, userId: string, channelId: string | null) {
  if (userId === agent.userId) throw new AppError('bad_request', 'chat.self', 'Pick a teammate');
  const user = await db.user.findFirst({
    where: { id: userId, accountId: agent.accountId, disabledAt: null },
  });
  if (!user) throw notFound('Agent');
  if (channelId && !(await servesChannel(db, channelId, user.id))) {
    throw new AppError('bad_request', 'chat.agent_not_on_channel', 'This agent does not serve this channel');
  }
  return user;
}

/**
 * C2: hand the chat to a teammate with an optional comment only agents see; the visitor gets a
 * polite system message; the chat leaves my list and enters theirs.
 */
export async function transferChat(
  deps: ToolDeps,
  agent: ToolAgent,
  input: { conversationId: string; toUserId: string; comment?: string | null | undefined },
) {
  const c = await myVisitorChat(deps.db, agent, input.conversationId);
  const to = await colleague(deps.db, agent, input.toUserId, c.channelId);
  const me = await deps.db.user.findUniqueOrThrow({ where: { id: agent.userId } });
  await withLiveEvents(deps, agent.accountId, async (tx, emit) => {
    await tx.participant.update({
      where: { conversationId_userId: { conversationId: c.id, userId: agent.userId } },
      data: { leftAt: new Date() },
    });
    await tx.participant.upsert({
      where: { conversationId_userId: { conversationId: c.id, userId: to.id } },
      create: { accountId: agent.accountId, conversationId: c.id, userId: to.id },
      update: { leftAt: null },
    });
    await tx.conversation.update({ where: { id: c.id }, data: { assigneeId: to.id } });
    if (input.comment) {
      const note = await tx.message.create({
        data: {
          accountId: agent.accountId,
          conversationId: c.id,
          authorType: 'agent',
          authorUserId: agent.userId,
          kind: 'note',
          body: input.comment,
          meta: { transferTo: to.id },
        },
      });
      const message = toChatMessage(await getMessage(tx, agent.accountId, note.id));
      await emit({ topic: CONSOLE_TOPIC, data: { type: 'note', message }, audience: [agent.userId, to.id] });
    }
    await emit({ topic: visitorTopic(c.visitorId), data: { type: 'agent.joined', agent: agentBrief(to) } });
    await postMessage(tx, emit, {
      accountId: agent.accountId,
      conversationId: c.id,
      visitorId: c.visitorId,
      author: { type: 'system' },
      body: `${to.name} will continue this chat`,
      system: { event: 'transferred', name: to.name, userId: to.id },
    });
    await emit({
      topic: CONSOLE_TOPIC,
      data: {
        type: 'chat.transferred',
        conversation: await summarizeOne(tx, agent.accountId, c.id, to.id),
        from: { id: me.id, name: me.name },
        comment: input.comment ?? null,
      },
      audience: [to.id],
    });
  });
}

/** C3: invite a teammate; everyone in the chat sees every message, and leaving keeps the others in. */
export async function inviteToChat(
  deps: ToolDeps,
  agent: ToolAgent,
  input: { conversationId: string; userId: string },
) {
  const c = await myVisitorChat(deps.db, agent, input.conversationId);
  const invited = await colleague(deps.db, agent, input.userId, c.channelId);
  const me = await deps.db.user.findUniqueOrThrow({ where: { id: agent.userId } });
  await withLiveEvents(deps, agent.accountId, async (tx, emit) => {
    const existing = await tx.participant.findUnique({
      where: { conversationId_userId: { conversationId: c.id, userId: invited.id } },
    });
    if (existing && !existing.leftAt) return;
    await tx.participant.upsert({
      where: { conversationId_userId: { conversationId: c.id, userId: invited.id } },
      create: { accountId: agent.accountId, conversationId: c.id, userId: invited.id },
      update: { leftAt: null },
    });
    await emit({
      topic: visitorTopic(c.visitorId),
      data: { type: 'agent.joined', agent: agentBrief(invited) },
    });
    await postMessage(tx, emit, {
      accountId: agent.accountId,
      conversationId: c.id,
      visitorId: c.visitorId,
      author: { type: 'system' },
      body: `${invited.name} joined the chat`,
      system: { event: 'joined', name: invited.name, userId: invited.id },
    });
    await emit({
      topic: CONSOLE_TOPIC,
      data: {
        type: 'chat.invited',
        conversation: await summarizeOne(tx, agent.accountId, c.id, invited.id),
        by: { id: me.id, name: me.name },
      },
      audience: [invited.id],
    });
    await emitConversation(tx, emit, agent.accountId, c.id);
  });
}

/**
 * C13: a private note inside the conversation; never sent to the visitor. `@Name` mentions (of
 * teammates in the account) notify them.
 */
export async function addChatNote(
  deps: ToolDeps,
  agent: ToolAgent,
  input: { conversationId: string; body: string },
) {
  const c = await deps.db.conversation.findFirst({
    where: { id: input.conversationId, accountId: agent.accountId, kind: 'visitor' },
  });
  if (!c) throw notFound('Conversation');
  const users = await deps.db.user.findMany({
    where: { accountId: agent.accountId, disabledAt: null },
    select: { id: true, name: true },
  });
  const lower = input.body.toLowerCase();
  const mentioned = users
    .filter((u) => u.id !== agent.userId && lower.includes(`@${u.name.toLowerCase()}`))
    .map((u) => u.id);
  return withLiveEvents(deps, agent.accountId, async (tx, emit) => {
    const row = await tx.message.create({
      data: {
        accountId: agent.accountId,
        conversationId: c.id,
        authorType: 'agent',
        authorUserId: agent.userId,
        kind: 'note',
        body: input.body,
        meta: { mentions: mentioned },
      },
    });
    const message = { ...toChatMessage(await getMessage(tx, agent.accountId, row.id)), mentions: mentioned };
    const participants = await tx.participant.findMany({
      where: { conversationId: c.id, leftAt: null },
      select: { userId: true },
    });
    await emit({
      topic: CONSOLE_TOPIC,
      data: { type: 'note', message },
      audience: [...new Set([agent.userId, ...participants.map((p) => p.userId), ...mentioned])],
    });
    if (mentioned.length) {
      await emit({
        topic: CONSOLE_TOPIC,
        data: { type: 'mention', message, conversationId: c.id },
        audience: mentioned,
      });
    }
    return message;
  });
}
