import { z } from 'zod';
import { agentStats, getAgentSettings, updateAgent } from '../domain/agents-admin';
import {
  createStatus,
  deleteStatus,
  listStatuses,
  reorderStatuses,
  setVisitorStatus,
  updateStatus,
} from '../domain/crm/processes';
import {
  addNote,
  deleteNote,
  eraseVisitor,
  getVisitorRecord,
  listVisitors,
  mergeVisitors,
  updateContact,
} from '../domain/crm/visitors';
import { ZId } from '../lib/schemas';
import { ZOptionalText, ZText } from '../lib/text';
import { adminProcedure, agentProcedure, router } from '../trpc';

const ZDate = z.iso.datetime({ offset: true }).or(z.iso.date());
export const ZVisitorFilter = z.object({
  q: z.string().max(200).optional(),
  tagId: ZId.optional(),
  statusId: ZId.optional(),
  channelId: ZId.optional(),
  lastSeenFrom: ZDate.optional(),
  lastSeenTo: ZDate.optional(),
  hasEmail: z.boolean().optional(),
  hasPhone: z.boolean().optional(),
});
const ZColor = z.string().regex(/^#[0-9a-fA-F]{6}$/);

/** D1 CRM → Visitors. */
export const crmRouter = router({
  visitors: agentProcedure
    .input(ZVisitorFilter.extend({ cursor: ZId.optional() }))
    .query(({ ctx, input }) => {
      const { cursor, ...filter } = input;
      return listVisitors(ctx.deps.db, ctx.actor.accountId, filter, cursor);
    }),
  visitor: agentProcedure
    .input(z.object({ visitorId: ZId }))
    .query(({ ctx, input }) =>
      getVisitorRecord(ctx.deps.db, ctx.actor.accountId, input.visitorId, ctx.actor.userId),
    ),
  updateContact: agentProcedure
    .input(
      z.object({
        visitorId: ZId,
        name: ZOptionalText(100),
        email: z.string().trim().toLowerCase().max(254).email().nullish(),
        phone: z
          .string()
          .trim()
          .max(40)
          .regex(/^[+\d\s().-]*$/)
          .nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await updateContact(ctx.deps, ctx.actor, input);
      return { ok: true };
    }),
  addNote: agentProcedure
    .input(z.object({ visitorId: ZId, body: ZText(5000) }))
    .mutation(({ ctx, input }) => addNote(ctx.deps, ctx.actor, input)),
  deleteNote: agentProcedure.input(z.object({ noteId: ZId })).mutation(async ({ ctx, input }) => {
    await deleteNote(ctx.deps, ctx.actor, input.noteId);
    return { ok: true };
  }),
  setStatus: agentProcedure
    .input(z.object({ visitorId: ZId, statusId: ZId.nullable() }))
    .mutation(async ({ ctx, input }) => {
      await setVisitorStatus(ctx.deps, ctx.actor, input);
      return { ok: true };
    }),
  merge: adminProcedure.input(z.object({ targetId: ZId, sourceId: ZId })).mutation(async ({ ctx, input }) => {
    await mergeVisitors(ctx.deps.db, ctx.actor, input);
    return { ok: true };
  }),
  /** GDPR: delete on request. */
  erase: adminProcedure.input(z.object({ visitorId: ZId })).mutation(async ({ ctx, input }) => {
    await eraseVisitor(ctx.deps.db, ctx.deps.database.provider, ctx.deps.files, ctx.actor, input.visitorId);
    return { ok: true };
  }),
});

/** D3 Manage → Customer processes. */
export const processesRouter = router({
  list: agentProcedure.query(({ ctx }) => listStatuses(ctx.deps.db, ctx.actor.accountId)),
  create: adminProcedure
    .input(z.object({ name: ZText(60), color: ZColor }))
    .mutation(({ ctx, input }) => createStatus(ctx.deps, ctx.actor.accountId, input)),
  update: adminProcedure
    .input(z.object({ id: ZId, name: ZText(60).optional(), color: ZColor.optional() }))
    .mutation(async ({ ctx, input }) => {
      await updateStatus(ctx.deps, ctx.actor.accountId, input);
      return { ok: true };
    }),
  delete: adminProcedure.input(z.object({ id: ZId })).mutation(async ({ ctx, input }) => {
    await deleteStatus(ctx.deps, ctx.actor.accountId, input.id);
    return { ok: true };
  }),
  reorder: adminProcedure.input(z.object({ ids: z.array(ZId).max(100) })).mutation(async ({ ctx, input }) => {
    await reorderStatuses(ctx.deps, ctx.actor.accountId, input.ids);
    return { ok: true };
  }),
});

/** E3: agent settings and statistics, for admins. */
export const agentsRouter = router({
  get: adminProcedure
    .input(z.object({ userId: ZId }))
    .query(({ ctx, input }) => getAgentSettings(ctx.deps.db, ctx.actor.accountId, input.userId)),
  update: adminProcedure
    .input(
      z.object({
        userId: ZId,
        role: z.enum(['admin', 'agent']).optional(),
        channelIds: z.array(ZId).max(200).optional(),
        maxConcurrentChats: z.number().int().min(1).max(100).nullable().optional(),
        disabled: z.boolean().optional(),
      }),
    )
    .mutation(({ ctx, input }) => updateAgent(ctx.deps, ctx.actor, input)),
  stats: adminProcedure
    .input(z.object({ userId: ZId, from: ZDate.optional(), to: ZDate.optional() }))
    .query(({ ctx, input }) => agentStats(ctx.deps.db, ctx.actor.accountId, input.userId, input)),
});
