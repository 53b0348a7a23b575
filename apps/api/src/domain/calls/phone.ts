import type { Db, DbTx } from '@parley/db';
import { E164, type PhoneEvent, PluginError, type PluginHost, rateFor } from '@parley/integrations';
import { AppError, notFound } from '../../errors';
import { withLiveEvents } from '../../live/events';
import { CONSOLE_TOPIC } from '../live-chat/constants';
import { onlineAgentsOf, servesChannel } from '../live-chat/routing';
import { summarizeOne } from '../live-chat/views';
import { createVisitorWithIdentity } from '../live-chat/visitors';
import { assertFeature } from '../plans';
import { reserveCallCredit } from './balance';
import { acceptCall, type CallAgent, type CallDeps, finishCall } from './calls';
import { hangUpAtProvider } from './phone-hangup';
import { callInclude, callView } from './views';

/**
 * H2: phone calls through a phone plugin (the `phone` capability), the bridge model: the provider
 * rings the agent's own phone and connects the customer; Parley keeps the record, the credit and
 * the ringing in the console.
 *
 *   dial ── reserve credit ── plugin.dial ──▶ ringing ─(answered)─▶ active ─(completed, n s)─▶ ended
 *                                               └─ busy ▶ declined · no-answer/canceled ▶ missed · failed ▶ failed
 *   inbound event ──▶ ringing (the channel's agents with a phone number) ─accept─▶ connectInbound
 *
 * Status events come through the plugin webhook route (`/hooks/<installId>`), verified by the
 * plugin; each is applied with the same conditional updates as H1, so a redelivered or late callback
 * (the provider retries, legs report out of order) changes nothing once the call has ended. A call
 * ended on Parley's side (declined, nobody answered in time) is hung up at the provider too.
 */

const RING_MS = 45_000;
/** An outbound call the provider never reported on ends as failed after this (the sweep's ringUntil). */
const OUTBOUND_RING_MS = 3 * 60_000;

const errors = {
  invalidNumber: () =>
    new AppError(
      'bad_request',
      'call.invalid_number',
      'Enter the number in international form, e.g. +905321234567',
      {
        to: 'call.invalid_number',
      },
    ),
  noAgentNumber: () =>
    new AppError('bad_request', 'call.no_agent_number', 'Set your own phone number (Call → My phone) first'),
  noPhoneChannel: () =>
    new AppError(
      'conflict',
      'call.no_phone_channel',
      'No phone channel is set up: add one in Manage → Channels',
    ),
  noRate: () =>
    new AppError('bad_request', 'call.no_rate', 'The phone channel does not call numbers in this country'),
  provider: (reason: string) => new AppError('bad_request', 'call.provider_failed', reason),
};

export const isE164 = (n: string) => E164.test(n);

/** A number as people type or paste it ("+90 (532) 123-45-67", "0090532…") in E.164, or null. */
export function normalizeNumber(input: string): string | null {
  const trimmed = input.trim();
  const digits = trimmed.replace(/[\s().-]/g, '');
  const e164 = digits.startsWith('00') ? `+${digits.slice(2)}` : digits;
  return isE164(e164) ? e164 : null;
}

/**
 * The account's bridge phone install (the one `dial` goes through): the given channel, or the oldest
 * enabled channel whose plugin has the phone capability in the bridge model. Softphone channels
 * (SIP, domain/calls/softphone.ts) are dialled by the console itself.
 */
export async function phoneInstallOf(
  deps: { db: Db; plugins: PluginHost },
  accountId: string,
  channelId?: string,
) {
  const installs = await deps.db.pluginInstall.findMany({
    where: { accountId, enabled: true, channelId: channelId ?? { not: null } },
    orderBy: { createdAt: 'asc' },
    select: { id: true, name: true, channelId: true },
  });
  for (const i of installs) {
    const plugin = deps.plugins.getPlugin(i.name);
    if (!plugin?.capabilities.includes('phone') || !i.channelId) continue;
    const models = await deps.plugins.phone(i.id).then(
      (p) => p.models,
      () => ['bridge'],
    );
    if (models.includes('bridge')) return { installId: i.id, channelId: i.channelId, plugin };
  }
  return null;
}

/**
 * The CRM visitor with this phone number: one whose contact phone is it, else the one known by it on
 * the phone channel, else a new contact with it (so every call has a record to open and to find).
 */
export async function visitorForNumber(db: Db, accountId: string, channelId: string, number: string) {
  const known = await db.visitor.findFirst({
    where: { accountId, phone: number, mergedIntoId: null },
    orderBy: { lastSeenAt: 'desc' },
    select: { id: true },
  });
  if (known) return known.id;
  const identity = await db.visitorIdentity.findFirst({ where: { channelId, externalId: number } });
  if (identity) return identity.visitorId;
  const created = await createVisitorWithIdentity(db, {
    accountId,
    channelId,
    externalId: number,
    phone: number,
  });
  return created.visitorId;
}

/** The visitor's open conversation on the phone channel, or a new one the call's record goes into. */
async function conversationFor(tx: DbTx, accountId: string, channelId: string, visitorId: string) {
  const open = await tx.conversation.findFirst({
    where: { visitorId, channelId, status: 'open', kind: 'visitor' },
    orderBy: { startedAt: 'desc' },
  });
  return (
    open ?? (await tx.conversation.create({ data: { accountId, channelId, visitorId, origin: 'call' } }))
  );
}

/** The agent's own phone number (for the bridge), or null. */
export async function agentNumberOf(db: Db, userId: string): Promise<string | null> {
  const user = await db.user.findFirst({ where: { id: userId }, select: { callPhoneNumber: true } });
  return user?.callPhoneNumber ?? null;
}

/** The agent sets (or clears, with null) the phone a bridge provider rings for their calls. */
export async function setAgentNumber(db: Db, agent: CallAgent, input: string | null) {
  const number = input === null || input.trim() === '' ? null : normalizeNumber(input);
  if (input !== null && input.trim() !== '' && !number)
    throw new AppError('bad_request', 'call.invalid_number', 'Enter the number in international form', {
      number: 'call.invalid_number',
    });
  await db.user.update({ where: { id: agent.userId }, data: { callPhoneNumber: number } });
  return { number };
}

/** What the Call section shows: whether calling works here and what stands in the way. */
export async function phoneSettings(deps: CallDeps, agent: CallAgent) {
  const install = await phoneInstallOf(deps, agent.accountId);
  return {
    number: await agentNumberOf(deps.db, agent.userId),
    channel: install
      ? {
          installId: install.installId,
          channelId: install.channelId,
          name: deps.plugins.displayNameOf(install.plugin.name),
        }
      : null,
  };
}

/** An agent calls a customer's number (the dial pad, a CRM record, the visitor panel). */
export async function dialNumber(
  deps: CallDeps,
  agent: CallAgent,
  input: { to: string; visitorId?: string | undefined; channelId?: string | undefined },
) {
  await assertFeature(deps, agent.accountId, 'calls');
  const given = input.visitorId
    ? await deps.db.visitor.findFirst({ where: { id: input.visitorId }, select: { id: true } })
    : null;
  if (input.visitorId && !given) throw notFound('Visitor');
  const to = normalizeNumber(input.to);
  if (!to) throw errors.invalidNumber();
  const agentNumber = await agentNumberOf(deps.db, agent.userId);
  if (!agentNumber) throw errors.noAgentNumber();
  const install = await phoneInstallOf(deps, agent.accountId, input.channelId);
  if (!install) throw errors.noPhoneChannel();
  const rate = install.plugin.rates ? rateFor(install.plugin.rates, 'outbound', to) : 0;
  if (rate === null) throw errors.noRate();
  const visitorId = given?.id ?? (await visitorForNumber(deps.db, agent.accountId, install.channelId, to));

  const now = new Date();
  const created = await deps.db.call.create({
    data: {
      accountId: agent.accountId,
      visitorId,
      agentId: agent.userId,
      channelId: install.channelId,
      direction: 'outbound',
      via: install.plugin.name,
      kind: 'phone',
      phoneNumber: to,
      agentNumber,
      installId: install.installId,
      startedAt: now,
      ringUntil: new Date(now.getTime() + OUTBOUND_RING_MS),
      rungUserIds: [],
    },
  });
  // H4: refused before anything rings when the balance cannot pay a minute; the row goes with it.
  let maxSeconds: number | null;
  try {
    maxSeconds = (
      await reserveCallCredit(deps.db, agent.accountId, { callId: created.id, ratePerMinute: rate })
    ).maxSeconds;
  } catch (err) {
    await deps.db.call.delete({ where: { id: created.id } });
    throw err;
  }
  await withLiveEvents(deps, agent.accountId, async (tx) => {
    const conversation = await conversationFor(tx, agent.accountId, install.channelId, visitorId);
    await tx.call.update({ where: { id: created.id }, data: { conversationId: conversation.id } });
  });
  let externalCallId: string;
  try {
    ({ externalCallId } = await deps.plugins.dial(install.installId, {
      to,
      agentNumber,
      callId: created.id,
      ...(maxSeconds ? { maxSeconds } : {}),
    }));
  } catch (err) {
    const e = PluginError.from(err, { plugin: install.plugin.name, installId: install.installId });
    deps.logger.warn({ err: e, callId: created.id }, e.summary().slice(0, 2000));
    await withLiveEvents(deps, agent.accountId, (tx, emit) =>
      finishCall(tx, emit, created.id, 'failed', 'system', { endReason: 'provider' }),
    );
    throw errors.provider(e.publicReason());
  }
  return withLiveEvents(deps, agent.accountId, async (tx, emit) => {
    await tx.call.update({ where: { id: created.id }, data: { externalCallId } });
    const row = await tx.call.findFirstOrThrow({ where: { id: created.id }, include: callInclude });
    await emit({
      topic: CONSOLE_TOPIC,
      data: { type: 'call.updated', call: callView(row) },
      audience: [agent.userId],
    });
    return callView(row);
  });
}

/** What a provider's final status means for the record: the H1 status and its outcome word. */
const FINAL: Record<string, 'ended' | 'missed' | 'declined' | 'failed'> = {
  busy: 'declined',
  'no-answer': 'missed',
  canceled: 'missed',
  failed: 'failed',
};

/**
 * Applies the call events a phone plugin parsed from a verified webhook (the host checked their
 * shape). Runs in the install's account scope; each event is idempotent.
 */
export async function applyPhoneEvents(deps: CallDeps, installId: string, events: PhoneEvent[]) {
  const install = await deps.db.pluginInstall.findFirst({
    where: { id: installId },
    select: { id: true, accountId: true, channelId: true, name: true },
  });
  if (!install?.channelId) return;
  for (const event of events) {
    if (event.type === 'call.inbound') await ringInbound(deps, install, event);
    else await applyStatus(deps, install, event);
  }
}

type Install = { id: string; accountId: string; channelId: string | null; name: string };

async function applyStatus(
  deps: CallDeps,
  install: Install,
  event: Extract<PhoneEvent, { type: 'call.status' }>,
) {
  const call = await deps.db.call.findFirst({
    where: { installId: install.id, externalCallId: event.externalCallId },
  });
  if (!call || (call.status !== 'ringing' && call.status !== 'active')) return;
  await withLiveEvents(deps, install.accountId, async (tx, emit) => {
    if (event.status === 'ringing') return;
    if (event.status === 'answered') {
      // For an inbound call the agent's Accept made it active already; the customer is connected now.
      const { count } = await tx.call.updateMany({
        where: { id: call.id, status: 'ringing' },
        data: {
          status: 'active',
          answeredAt: event.at,
          ringingMs: event.at.getTime() - call.startedAt.getTime(),
        },
      });
      if (count === 1) {
        const row = await tx.call.findFirstOrThrow({ where: { id: call.id }, include: callInclude });
        const audience = [...new Set([...(row.agentId ? [row.agentId] : [])])];
        await emit({ topic: CONSOLE_TOPIC, data: { type: 'call.updated', call: callView(row) }, audience });
      }
      return;
    }
    if (event.status === 'completed') {
      // Connected (the provider's billed seconds) or never answered (the customer did not pick up).
      const connected = event.durationSec !== undefined ? event.durationSec > 0 : call.answeredAt !== null;
      await finishCall(tx, emit, call.id, connected ? 'ended' : 'missed', 'provider', {
        ...(event.durationSec !== undefined ? { durationSec: event.durationSec } : {}),
        endReason: connected ? 'completed' : 'no-answer',
      });
      return;
    }
    await finishCall(tx, emit, call.id, FINAL[event.status] ?? 'failed', 'provider', {
      endReason: event.status,
      ...(call.answeredAt ? {} : { durationSec: 0 }),
    });
  });
}

/**
 * Someone called the provider's number: the channel's online agents who have a phone number for the
 * bridge are rung in the console like a widget call. With nobody to ring, or no credit for an
 * inbound rate, the call is recorded as missed and hung up at the provider.
 */
async function ringInbound(
  deps: CallDeps,
  install: Install,
  event: Extract<PhoneEvent, { type: 'call.inbound' }>,
) {
  const channelId = install.channelId as string;
  const seen = await deps.db.call.findFirst({
    where: { installId: install.id, externalCallId: event.externalCallId },
    select: { id: true },
  });
  if (seen) return; // a redelivered webhook
  const online = await onlineAgentsOf(deps.db, install.accountId, channelId);
  const withPhone = online.length
    ? await deps.db.user.findMany({
        where: { id: { in: online }, callPhoneNumber: { not: null } },
        select: { id: true },
      })
    : [];
  const agents = withPhone.map((u) => u.id);
  const visitorId = event.from
    ? await visitorForNumber(deps.db, install.accountId, channelId, event.from)
    : (
        await createVisitorWithIdentity(deps.db, {
          accountId: install.accountId,
          channelId,
          externalId: `withheld:${event.externalCallId}`,
        })
      ).visitorId;
  const plugin = deps.plugins.getPlugin(install.name);
  const rate = plugin?.rates ? (rateFor(plugin.rates, 'inbound', event.from ?? '') ?? 0) : 0;
  const now = new Date();
  const call = await withLiveEvents(deps, install.accountId, async (tx, emit) => {
    const conversation = await conversationFor(tx, install.accountId, channelId, visitorId);
    const created = await tx.call.create({
      data: {
        accountId: install.accountId,
        conversationId: conversation.id,
        visitorId,
        channelId,
        direction: 'inbound',
        via: install.name,
        kind: 'phone',
        phoneNumber: event.from ?? null,
        installId: install.id,
        externalCallId: event.externalCallId,
        startedAt: now,
        ringUntil: new Date(now.getTime() + RING_MS),
        rungUserIds: agents,
      },
      include: callInclude,
    });
    if (agents.length)
      await emit({
        topic: CONSOLE_TOPIC,
        data: {
          type: 'call.ringing',
          call: callView(created),
          conversation: await summarizeOne(tx, install.accountId, conversation.id),
        },
        audience: agents,
      });
    return created;
  });
  let refused: string | null = agents.length ? null : 'no-agents';
  if (!refused && rate > 0) {
    try {
      await reserveCallCredit(deps.db, install.accountId, { callId: call.id, ratePerMinute: rate });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      refused = 'balance';
    }
  }
  if (refused) {
    const reason = refused;
    await withLiveEvents(deps, install.accountId, (tx, emit) =>
      finishCall(tx, emit, call.id, 'missed', 'system', { endReason: reason }),
    );
    hangUpAtProvider(deps, install.id, event.externalCallId);
  }
}

/**
 * Accept for every kind of call: a phone call first needs the agent's own number (the provider
 * rings it), and after the accept the provider is told to connect the caller to it.
 */
export async function acceptAnyCall(deps: CallDeps, agent: CallAgent, callId: string) {
  const call = await deps.db.call.findFirst({ where: { id: callId } });
  if (!call) throw notFound('Call');
  if (call.kind !== 'phone') return acceptCall(deps, agent, callId);
  if (call.channelId && !(await servesChannel(deps.db, call.channelId, agent.userId))) throw notFound('Call');
  const agentNumber = await agentNumberOf(deps.db, agent.userId);
  if (!agentNumber) throw errors.noAgentNumber();
  const accepted = await acceptCall(deps, agent, callId);
  await deps.db.call.update({ where: { id: callId }, data: { agentNumber } });
  if (call.installId && call.externalCallId) {
    try {
      await deps.plugins.connectInbound(call.installId, { externalCallId: call.externalCallId, agentNumber });
    } catch (err) {
      const e = PluginError.from(err, { plugin: call.via, installId: call.installId });
      deps.logger.warn({ err: e, callId }, e.summary().slice(0, 2000));
      await withLiveEvents(deps, agent.accountId, (tx, emit) =>
        finishCall(tx, emit, callId, 'failed', 'system', { endReason: 'provider' }),
      );
      hangUpAtProvider(deps, call.installId, call.externalCallId);
      throw errors.provider(e.publicReason());
    }
  }
  return accepted;
}

/** The agent's recent phone calls (the Call section), newest first. */
export async function recentPhoneCalls(
  deps: CallDeps,
  agent: CallAgent,
  input: { limit?: number | undefined },
) {
  const rows = await deps.db.call.findMany({
    where: { kind: 'phone', OR: [{ agentId: agent.userId }, { direction: 'inbound', agentId: null }] },
    orderBy: { startedAt: 'desc' },
    take: Math.min(100, Math.max(1, input.limit ?? 25)),
    include: { ...callInclude, visitor: { select: { id: true, name: true, number: true, city: true } } },
  });
  return rows
    .filter((r) => r.agentId === agent.userId || (r.rungUserIds as string[] | null)?.includes(agent.userId))
    .map((r) => ({
      ...callView(r),
      visitor: r.visitor
        ? { id: r.visitor.id, name: r.visitor.name, number: r.visitor.number, city: r.visitor.city }
        : null,
    }));
}
