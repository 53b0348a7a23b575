import { z } from 'zod';
import type { Context } from '../context';
import {
  acceptChat,
  agentTyping,
  type ChatDeps,
  chatHistory,
  getChat,
  leaveChat,
  listArchive,
  listInbox,
  listMine,
  markRead,
  quickReply,
  resendMessage,
  sendAgentMessage,
  startWithVisitor,
} from '../domain/live-chat/chats';
import { MESSAGE_MAX } from '../domain/live-chat/constants';
import { visitorDetail } from '../domain/live-chat/views';
import { listOnlineVisitors } from '../domain/live-chat/visitors';
import { notFound } from '../errors';
import { ZId } from '../lib/schemas';
import { ZClientId, ZText } from '../lib/text';
import { agentProcedure, router } from '../trpc';

export const chatDeps = (ctx: Context): ChatDeps => ({
  db: ctx.deps.db,
  bus: ctx.deps.bus,
  provider: ctx.deps.database.provider,
  plugins: ctx.deps.plugins,
  logger: ctx.deps.logger,
  files: ctx.deps.files,
});
const ZConversation = z.object({ conversationId: ZId });
const ZSend = z.object({ conversationId: ZId, clientId: ZClientId, body: ZText(MESSAGE_MAX) });

export const chatsRouter = router({
  inbox: agentProcedure.query(({ ctx }) => listInbox(chatDeps(ctx), ctx.actor)),
  mine: agentProcedure.query(({ ctx }) => listMine(chatDeps(ctx), ctx.actor)),
  archive: agentProcedure
    .input(
      z.object({
        q: z.string().max(200).optional(),
        channelId: ZId.optional(),
        agentId: ZId.optional(),
        status: z.enum(['open', 'closed']).optional(),
        tagId: ZId.optional(),
        from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
        to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
        cursor: z.string().regex(/^\d+$/).max(10).optional(),
      }),
    )
    .query(({ ctx, input }) => listArchive(chatDeps(ctx), ctx.actor, input)),
  get: agentProcedure
    .input(ZConversation)
    .query(({ ctx, input }) => getChat(chatDeps(ctx), ctx.actor, input.conversationId)),
  history: agentProcedure
    .input(ZConversation.extend({ before: ZId }))
    .query(({ ctx, input }) => chatHistory(chatDeps(ctx), ctx.actor, input.conversationId, input.before)),
  accept: agentProcedure
    .input(ZConversation)
    .mutation(({ ctx, input }) => acceptChat(chatDeps(ctx), ctx.actor, input.conversationId)),
  quickReply: agentProcedure
    .input(ZSend)
    .mutation(({ ctx, input }) => quickReply(chatDeps(ctx), ctx.actor, input)),
  send: agentProcedure
    .input(ZSend)
    .mutation(({ ctx, input }) => sendAgentMessage(chatDeps(ctx), ctx.actor, input)),
  resend: agentProcedure.input(z.object({ messageId: ZId })).mutation(async ({ ctx, input }) => {
    await resendMessage(chatDeps(ctx), ctx.actor, input.messageId);
    return { ok: true };
  }),
  typing: agentProcedure
    .input(ZConversation.extend({ typing: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await agentTyping(chatDeps(ctx), ctx.actor, input.conversationId, input.typing);
      return { ok: true };
    }),
  read: agentProcedure.input(ZConversation).mutation(async ({ ctx, input }) => {
    await markRead(chatDeps(ctx), ctx.actor, input.conversationId);
    return { ok: true };
  }),
  leave: agentProcedure.input(ZConversation).mutation(async ({ ctx, input }) => {
    await leaveChat(chatDeps(ctx), ctx.actor, input.conversationId);
    return { ok: true };
  }),
  startWithVisitor: agentProcedure
    .input(z.object({ visitorId: ZId, clientId: ZClientId, body: ZText(MESSAGE_MAX) }))
    .mutation(({ ctx, input }) => startWithVisitor(chatDeps(ctx), ctx.actor, input)),
});

export const visitorsRouter = router({
  online: agentProcedure.query(({ ctx }) => listOnlineVisitors(ctx.deps.db, ctx.actor.accountId)),
  get: agentProcedure.input(z.object({ visitorId: ZId })).query(async ({ ctx, input }) => {
    const detail = await visitorDetail(ctx.deps.db, ctx.actor.accountId, input.visitorId);
    if (!detail) throw notFound('Visitor');
    return detail;
  }),
});
