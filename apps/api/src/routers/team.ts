import { z } from 'zod';
import { MESSAGE_MAX } from '../domain/live-chat/constants';
import { listTeam, PRESENCE_TOPIC, type PresenceEvent, setPresence } from '../domain/team';
import {
  addGroupMembers,
  createGroup,
  listTeamConversations,
  openDirect,
  removeGroupMember,
  renameGroup,
  teamMessages,
  teamRead,
  teamSend,
} from '../domain/team-chat';
import { ZId, ZLastEventId } from '../lib/schemas';
import { ZClientId, ZText } from '../lib/text';
import { agentProcedure, router } from '../trpc';
import { agentEvents } from './agent-events';
import { heartbeatProcedure } from './live';

const ZConversation = z.object({ conversationId: ZId });

export const teamRouter = router({
  /** E1/E2: my direct chats and groups. */
  chats: agentProcedure.query(({ ctx }) => listTeamConversations(ctx.deps.db, ctx.actor)),
  openDirect: agentProcedure
    .input(z.object({ userId: ZId }))
    .mutation(({ ctx, input }) => openDirect(ctx.deps, ctx.actor, input.userId)),
  createGroup: agentProcedure
    .input(z.object({ title: ZText(80), memberIds: z.array(ZId).max(100) }))
    .mutation(({ ctx, input }) => createGroup(ctx.deps, ctx.actor, input)),
  renameGroup: agentProcedure
    .input(ZConversation.extend({ title: ZText(80) }))
    .mutation(async ({ ctx, input }) => {
      await renameGroup(ctx.deps, ctx.actor, input);
      return { ok: true };
    }),
  addMembers: agentProcedure
    .input(ZConversation.extend({ userIds: z.array(ZId).min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      await addGroupMembers(ctx.deps, ctx.actor, input);
      return { ok: true };
    }),
  removeMember: agentProcedure
    .input(ZConversation.extend({ userId: ZId }))
    .mutation(async ({ ctx, input }) => {
      await removeGroupMember(ctx.deps, ctx.actor, input);
      return { ok: true };
    }),
  messages: agentProcedure
    .input(ZConversation.extend({ before: ZId.optional() }))
    .query(({ ctx, input }) => teamMessages(ctx.deps.db, ctx.actor, input.conversationId, input.before)),
  send: agentProcedure
    .input(ZConversation.extend({ clientId: ZClientId, body: ZText(MESSAGE_MAX) }))
    .mutation(({ ctx, input }) => teamSend(ctx.deps, ctx.actor, input)),
  read: agentProcedure.input(ZConversation).mutation(async ({ ctx, input }) => {
    await teamRead(ctx.deps, ctx.actor, input.conversationId);
    return { ok: true };
  }),

  list: agentProcedure.query(({ ctx }) => listTeam(ctx.deps.db, ctx.actor.accountId)),

  /** Live presence of teammates; resumes from lastEventId after a reconnect. */
  onPresence: agentProcedure
    .input(ZLastEventId)
    .subscription(({ ctx, input, signal }) =>
      agentEvents<PresenceEvent>(ctx, [PRESENCE_TOPIC], input?.lastEventId, signal),
    ),
});

export const presenceRouter = router({
  heartbeat: heartbeatProcedure,
  set: agentProcedure
    .input(z.object({ presence: z.enum(['online', 'away']) }))
    .mutation(async ({ ctx, input }) => {
      await setPresence(ctx.deps, ctx.actor, input.presence);
      return { ok: true };
    }),
});
