import { z } from 'zod';
import { banVisitor, listBans, unban } from '../domain/chat-tools/bans';
import { createCanned, deleteCanned, listCanned, updateCanned } from '../domain/chat-tools/canned';
import { addChatNote, inviteToChat, transferChat } from '../domain/chat-tools/handover';
import {
  completeReminder,
  createReminder,
  deleteReminder,
  listReminders,
} from '../domain/chat-tools/reminders';
import { deleteTag, listTags, tagConversation, tagVisitor, updateTag } from '../domain/chat-tools/tags';
import { MESSAGE_MAX } from '../domain/live-chat/constants';
import { ZId } from '../lib/schemas';
import { ZLine, ZOptionalText, ZText } from '../lib/text';
import { adminProcedure, agentProcedure, router } from '../trpc';

const ZColor = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const ZDateTime = z.iso.datetime({ offset: true });
const ok = { ok: true } as const;

/** C1–C5, C9, C13: what an agent does inside a conversation. */
export const toolsRouter = router({
  transfer: agentProcedure
    .input(z.object({ conversationId: ZId, toUserId: ZId, comment: ZOptionalText(1000) }))
    .mutation(async ({ ctx, input }) => {
      await transferChat(ctx.deps, ctx.actor, input);
      return ok;
    }),
  invite: agentProcedure
    .input(z.object({ conversationId: ZId, userId: ZId }))
    .mutation(async ({ ctx, input }) => {
      await inviteToChat(ctx.deps, ctx.actor, input);
      return ok;
    }),
  note: agentProcedure
    .input(z.object({ conversationId: ZId, body: ZText(MESSAGE_MAX) }))
    .mutation(({ ctx, input }) => addChatNote(ctx.deps, ctx.actor, input)),

  bans: agentProcedure.query(({ ctx }) => listBans(ctx.deps.db, ctx.actor.accountId)),
  ban: agentProcedure
    .input(
      z.object({
        visitorId: ZId.optional(),
        ip: z.string().trim().max(50).optional(),
        reason: ZText(500),
        expiresAt: ZDateTime.nullish(),
      }),
    )
    .mutation(({ ctx, input }) => banVisitor(ctx.deps, ctx.actor, input)),
  unban: agentProcedure.input(z.object({ banId: ZId })).mutation(async ({ ctx, input }) => {
    await unban(ctx.deps, ctx.actor, input.banId);
    return ok;
  }),

  tags: agentProcedure.query(({ ctx }) => listTags(ctx.deps.db, ctx.actor.accountId)),
  tagConversation: agentProcedure
    .input(
      z.object({
        conversationId: ZId,
        name: ZLine(40),
        color: ZColor.nullish(),
        remove: z.boolean().optional(),
      }),
    )
    .mutation(({ ctx, input }) => tagConversation(ctx.deps, ctx.actor.accountId, input)),
  tagVisitor: agentProcedure
    .input(z.object({ visitorId: ZId, name: ZLine(40), remove: z.boolean().optional() }))
    .mutation(({ ctx, input }) => tagVisitor(ctx.deps.db, ctx.actor.accountId, input)),
  updateTag: adminProcedure
    .input(z.object({ id: ZId, name: ZLine(40).optional(), color: ZColor.nullish() }))
    .mutation(async ({ ctx, input }) => {
      await updateTag(ctx.deps.db, ctx.actor.accountId, input);
      return ok;
    }),
  deleteTag: adminProcedure.input(z.object({ id: ZId })).mutation(async ({ ctx, input }) => {
    await deleteTag(ctx.deps.db, ctx.actor.accountId, input.id);
    return ok;
  }),

  reminders: agentProcedure
    .input(z.object({ scope: z.enum(['mine', 'team']).default('mine') }))
    .query(({ ctx, input }) => listReminders(ctx.deps.db, ctx.actor, input.scope)),
  remind: agentProcedure
    .input(
      z.object({
        text: ZText(500),
        dueAt: ZDateTime,
        assigneeId: ZId.optional(),
        conversationId: ZId.optional(),
        visitorId: ZId.optional(),
      }),
    )
    .mutation(({ ctx, input }) => createReminder(ctx.deps.db, ctx.actor, input)),
  completeReminder: agentProcedure
    .input(z.object({ id: ZId, done: z.boolean().default(true) }))
    .mutation(async ({ ctx, input }) => {
      await completeReminder(ctx.deps.db, ctx.actor, input.id, input.done);
      return ok;
    }),
  deleteReminder: agentProcedure.input(z.object({ id: ZId })).mutation(async ({ ctx, input }) => {
    await deleteReminder(ctx.deps.db, ctx.actor, input.id);
    return ok;
  }),

  canned: agentProcedure.query(({ ctx }) => listCanned(ctx.deps.db, ctx.actor.accountId, ctx.actor.userId)),
  createCanned: agentProcedure
    .input(
      z.object({
        shortcut: z
          .string()
          .trim()
          .regex(/^[\p{L}\p{N}_-]{1,30}$/u),
        text: ZText(MESSAGE_MAX),
        hotkey: z.string().max(30).nullish(),
        personal: z.boolean().default(false),
      }),
    )
    .mutation(({ ctx, input }) => createCanned(ctx.deps.db, ctx.actor, input)),
  updateCanned: agentProcedure
    .input(
      z.object({
        id: ZId,
        shortcut: z
          .string()
          .trim()
          .regex(/^[\p{L}\p{N}_-]{1,30}$/u)
          .optional(),
        text: ZText(MESSAGE_MAX).optional(),
        hotkey: z.string().max(30).nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await updateCanned(ctx.deps.db, ctx.actor, input);
      return ok;
    }),
  deleteCanned: agentProcedure.input(z.object({ id: ZId })).mutation(async ({ ctx, input }) => {
    await deleteCanned(ctx.deps.db, ctx.actor, input.id);
    return ok;
  }),
});
