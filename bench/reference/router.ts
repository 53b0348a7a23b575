import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { REFERENCE_PASSWORD, type ReferenceDb, type UserRow, type VisitorRow } from './db';
import type { LiveRegistry } from './live';
import type { MessageStore } from './store';

export interface ReferenceContext {
  res: ServerResponse | undefined;
  sessionToken: string | undefined;
  /** The visitor a widget socket speaks for, looked up once per connection. */
  visitor(): Promise<VisitorRow | null>;
}

export const SESSION_COOKIE = 'parley_session';

const ZClientId = z.string().min(8).max(64);
const ZBody = z.string().trim().min(1).max(5000);
const ZResume = z.object({ lastEventId: z.string().nullish() }).nullish();

/**
 * Just the procedures bench/src/lib/clients.ts calls, with Parley's input shapes and the event shapes
 * the generator reads. Sessions live in memory; a password is compared, not hashed (login is set-up).
 */
export function createReferenceRouter(deps: {
  db: ReferenceDb;
  store: MessageStore;
  live: { agents: LiveRegistry; visitors: LiveRegistry };
}) {
  const { db, store, live } = deps;
  const sessions = new Map<string, UserRow>();

  const t = initTRPC.context<ReferenceContext>().create({ isDev: false });
  const agentProcedure = t.procedure.use(({ ctx, next }) => {
    const user = ctx.sessionToken ? sessions.get(ctx.sessionToken) : undefined;
    if (!user) throw new TRPCError({ code: 'UNAUTHORIZED' });
    return next({ ctx: { ...ctx, user } });
  });
  const visitorProcedure = t.procedure.use(async ({ ctx, next }) => {
    const visitor = await ctx.visitor();
    if (!visitor) throw new TRPCError({ code: 'UNAUTHORIZED' });
    return next({ ctx: { ...ctx, visitor } });
  });

  return t.router({
    auth: t.router({
      login: t.procedure
        .input(z.object({ email: z.string().max(320), password: z.string().max(200) }))
        .mutation(async ({ ctx, input }) => {
          const user = await db.userByEmail(input.email.toLowerCase());
          if (!user || input.password !== REFERENCE_PASSWORD) throw new TRPCError({ code: 'UNAUTHORIZED' });
          const token = randomBytes(24).toString('base64url');
          sessions.set(token, user);
          ctx.res?.setHeader('set-cookie', `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax`);
          return { me: user };
        }),
    }),
    channels: t.router({
      create: agentProcedure
        .input(z.object({ kind: z.literal('website'), name: z.string().min(1).max(100) }))
        .mutation(async ({ input }) => {
          const channel = {
            id: randomUUID(),
            publicKey: randomBytes(12).toString('base64url'),
            kind: input.kind,
            name: input.name,
          };
          await db.insertChannel(channel);
          return channel;
        }),
    }),
    presence: t.router({
      set: agentProcedure.input(z.object({ presence: z.string().max(20) })).mutation(() => ({ ok: true })),
      heartbeat: agentProcedure.mutation(() => ({ ok: true })),
    }),
    widget: t.router({
      start: t.procedure
        .input(
          z.object({
            channelKey: z.string().min(3).max(100),
            visitorToken: z.string().max(200).nullish(),
            page: z.object({
              url: z.string().max(2000),
              title: z.string().max(500).default(''),
              referrer: z.string().max(2000).default(''),
            }),
            locale: z.string().max(20).optional(),
          }),
        )
        .mutation(async ({ input }) => {
          const channelId = await db.channelIdByKey(input.channelKey);
          if (!channelId) throw new TRPCError({ code: 'NOT_FOUND' });
          const known = input.visitorToken ? await db.visitorByToken(input.visitorToken) : null;
          if (known) {
            const open = store.openConversationOf(known.id);
            return {
              visitorToken: input.visitorToken as string,
              visitor: { id: known.id },
              conversation: open ? { id: open.id } : null,
            };
          }
          const token = randomBytes(24).toString('base64url');
          const visitorId = randomUUID();
          await db.insertVisitor({ id: visitorId, channelId, token });
          return { visitorToken: token, visitor: { id: visitorId }, conversation: null };
        }),
      send: visitorProcedure
        .input(z.object({ clientId: ZClientId, body: ZBody, invitationText: z.string().max(500).nullish() }))
        .mutation(async ({ ctx, input }) => {
          const { kind: _kind, ...widgetMessage } = await store.send({
            author: { type: 'visitor', visitorId: ctx.visitor.id, channelId: ctx.visitor.channelId },
            body: input.body,
            clientId: input.clientId,
          });
          return widgetMessage;
        }),
      typing: visitorProcedure.input(z.object({ text: z.string().max(5000) })).mutation(({ ctx, input }) => {
        const conversation = store.openConversationOf(ctx.visitor.id);
        if (conversation?.assigneeId)
          live.agents.publish(conversation.assigneeId, {
            data: { type: 'typing', conversationId: conversation.id, text: input.text },
          });
        return { ok: true };
      }),
      // Parley records pings (buffered, written every few seconds); the reference only answers.
      ping: visitorProcedure.mutation(() => ({ ok: true })),
      events: visitorProcedure
        .input(ZResume)
        .subscription(({ ctx, signal }) => live.visitors.serve(ctx.visitor.id, signal)),
    }),
    live: t.router({
      console: agentProcedure
        .input(ZResume)
        .subscription(({ ctx, signal }) => live.agents.serve(ctx.user.id, signal)),
    }),
    chats: t.router({
      accept: agentProcedure
        .input(z.object({ conversationId: z.string().max(100) }))
        .mutation(async ({ ctx, input }) => {
          const conversation = store.conversation(input.conversationId);
          if (!conversation) throw new TRPCError({ code: 'NOT_FOUND' });
          if (!(await store.assign(conversation, ctx.user.id))) throw new TRPCError({ code: 'CONFLICT' });
          return { id: conversation.id, assigneeId: ctx.user.id };
        }),
      send: agentProcedure
        .input(z.object({ conversationId: z.string().max(100), clientId: ZClientId, body: ZBody }))
        .mutation(({ ctx, input }) => {
          const conversation = store.conversation(input.conversationId);
          if (!conversation) throw new TRPCError({ code: 'NOT_FOUND' });
          if (conversation.assigneeId !== ctx.user.id) throw new TRPCError({ code: 'FORBIDDEN' });
          return store.send({
            author: { type: 'agent', user: { id: ctx.user.id, name: ctx.user.name } },
            conversation,
            body: input.body,
            clientId: input.clientId,
          });
        }),
    }),
  });
}

export type ReferenceRouter = ReturnType<typeof createReferenceRouter>;
