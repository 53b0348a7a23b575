import { tracked } from '@trpc/server';
import { z } from 'zod';
import { type ChannelNames, nameAgentsForVisitor } from '../domain/live-chat/agent-names';
import { channelTopic, MESSAGE_MAX, visitorTopic } from '../domain/live-chat/constants';
import type { WidgetEvent } from '../domain/live-chat/events';
import { SNAPSHOT_MAX, sendPageSnapshot } from '../domain/live-chat/pointer';
import {
  setVisitorContact,
  startWidget,
  visitorHistory,
  visitorOfflineMessage,
  visitorPing,
  visitorRead,
  visitorSend,
  visitorTyping,
} from '../domain/live-chat/widget';
import { CONTACT_NAME_MAX, ZContactFields } from '../lib/contact-schema';
import { ZEmail, ZId, ZLastEventId } from '../lib/schemas';
import { ZClientId, ZOptionalText, ZText } from '../lib/text';
import { liveStream } from '../live/stream';
import { publicProcedure, router, visitorProcedure } from '../trpc';

// Whatever a page reports is accepted (the 1 MB body limit bounds it); startWidget cuts what it
// records. Refusing a long title or URL would keep the widget off that page.
const ZPageText = z.string().default('');

export const widgetRouter = router({
  start: publicProcedure
    .input(
      z.object({
        channelKey: z.string().min(3).max(100),
        visitorToken: z.string().max(200).nullish(),
        identity: z.object({ userId: z.string().min(1).max(200), hash: z.string().max(128) }).nullish(),
        page: z.object({ url: z.string(), title: ZPageText, referrer: ZPageText }),
        locale: z.string().max(20).optional(),
      }),
    )
    .mutation(({ ctx, input }) => startWidget(ctx.deps, input, ctx.client)),

  send: visitorProcedure
    .input(z.object({ clientId: ZClientId, body: ZText(MESSAGE_MAX), invitationText: ZOptionalText(500) }))
    .mutation(({ ctx, input }) => visitorSend(ctx.deps, ctx.visitor, input, ctx.client)),

  typing: visitorProcedure
    .input(z.object({ text: z.string().max(MESSAGE_MAX) }))
    .mutation(async ({ ctx, input }) => {
      await visitorTyping(ctx.deps, ctx.visitor, input.text, ctx.client);
      return { ok: true };
    }),

  read: visitorProcedure.mutation(async ({ ctx }) => {
    await visitorRead(ctx.deps, ctx.visitor);
    return { ok: true };
  }),

  setContact: visitorProcedure
    .input(z.object(ZContactFields))
    .mutation(({ ctx, input }) => setVisitorContact(ctx.deps, ctx.visitor, input, ctx.client)),

  offlineMessage: visitorProcedure
    .input(
      z.object({
        clientId: ZClientId,
        name: ZText(CONTACT_NAME_MAX),
        email: ZEmail,
        body: ZText(MESSAGE_MAX),
      }),
    )
    .mutation(({ ctx, input }) => visitorOfflineMessage(ctx.deps, ctx.visitor, input, ctx.client)),

  /** C6: the page's sanitised copy, for the agent who asked (pointer.requestSnapshot). */
  pageSnapshot: visitorProcedure
    .input(
      z
        .object({
          requestId: z.uuid(),
          agentId: ZId,
          url: z.string().max(2000),
          html: z.string().max(SNAPSHOT_MAX),
          css: z.string().max(SNAPSHOT_MAX).default(''),
        })
        .refine((i) => i.html.length + i.css.length <= SNAPSHOT_MAX, { message: 'validation.too_long' }),
    )
    .mutation(({ ctx, input }) => sendPageSnapshot(ctx.deps, ctx.visitor, input, ctx.client)),

  ping: visitorProcedure.mutation(async ({ ctx }) => {
    await visitorPing(ctx.deps, ctx.visitor);
    return { ok: true };
  }),

  history: visitorProcedure
    .input(z.object({ before: z.string().max(100).optional() }))
    .query(({ ctx, input }) => visitorHistory(ctx.deps, ctx.visitor, input.before)),

  /** Agent messages, joins, read receipts and typing for this visitor; resumes with lastEventId. */
  events: visitorProcedure.input(ZLastEventId).subscription(async function* ({ ctx, input, signal }) {
    const names: ChannelNames = new Map();
    for await (const event of liveStream({
      db: ctx.deps.db,
      bus: ctx.deps.bus,
      accountId: ctx.visitor.accountId,
      userId: ctx.visitor.visitorId,
      topics: [visitorTopic(ctx.visitor.visitorId), channelTopic(ctx.visitor.channelId)],
      lastEventId: input?.lastEventId,
      signal,
    })) {
      const payload = await nameAgentsForVisitor(
        ctx.deps.db,
        ctx.visitor,
        event.payload as WidgetEvent,
        names,
      );
      if (event.ephemeral) yield payload;
      else yield tracked(String(event.id), payload);
    }
  }),
});
