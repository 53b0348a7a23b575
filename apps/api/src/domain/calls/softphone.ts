import type { DbTx } from '@parley/db';
import { type PhoneModel, PluginError, rateFor } from '@parley/integrations';
import { AppError, notFound } from '../../errors';
import { withLiveEvents } from '../../live/events';
import { CONSOLE_TOPIC } from '../live-chat/constants';
import { servesChannel } from '../live-chat/routing';
import { summarizeOne } from '../live-chat/views';
import { createVisitorWithIdentity } from '../live-chat/visitors';
import { reserveCallCredit } from './balance';
import { acceptCall, type CallAgent, type CallDeps, declineCall, finishCall } from './calls';
import { iceServersFor } from './ice';
import { normalizeNumber, phoneSettings, visitorForNumber } from './phone';
import { callInclude, callView, userIdsOf } from './views';

/**
 * H2, the softphone model (SIP over WebSocket, e.g. the built-in `phone-sip`): the agent's console
 * registers with the SIP server and carries the audio; the server hands out the credentials and keeps
 * the record. The console reports each call's lifecycle (`softphoneEvent`) and the server turns it
 * into Call rows like H1 and bridge calls:
 *
 *   outgoing ──▶ ringing ─answered─▶ active ─ended─▶ ended · failed
 *                   └─ ended(busy ▶ declined · no-answer/canceled ▶ missed · failed ▶ failed)
 *   incoming ──▶ ringing (the reporting agent's card) ─answered─▶ active · declined · missed
 *
 * One row per SIP call: the key is (install, SIP Call-ID) — the same unique index bridge calls use
 * for the provider's id — so a repeated report, or the same forked INVITE reported by two agents,
 * never makes a second row. Every report is checked against the agent's account (the scoped db),
 * the channel's agents and the call's own agent.
 */

const RING_MS = 3 * 60_000;

const errors = {
  noChannel: () =>
    new AppError('not_found', 'call.no_softphone_channel', 'No SIP phone channel of yours has this id', {
      channelId: 'call.no_softphone_channel',
    }),
  noSipAccount: () =>
    new AppError(
      'conflict',
      'call.no_sip_account',
      'You have no SIP account on this phone channel: ask an administrator to add one',
    ),
  provider: (reason: string) => new AppError('bad_request', 'call.provider_failed', reason),
  invalidTarget: () =>
    new AppError('bad_request', 'call.invalid_number', 'Enter a number in international form or a SIP user', {
      to: 'call.invalid_number',
    }),
};

export interface PhoneChannel {
  installId: string;
  channelId: string;
  name: string;
  /** How the channel carries calls; null when its plugin could not be set up (its health says why). */
  model: PhoneModel | null;
}

/** The account's enabled phone channels, oldest first, with the model each one uses. */
export async function phoneChannelsOf(deps: CallDeps, accountId: string): Promise<PhoneChannel[]> {
  const installs = await deps.db.pluginInstall.findMany({
    where: { accountId, enabled: true, channelId: { not: null } },
    orderBy: { createdAt: 'asc' },
    select: { id: true, name: true, channelId: true },
  });
  const out: PhoneChannel[] = [];
  for (const i of installs) {
    const plugin = deps.plugins.getPlugin(i.name);
    if (!plugin?.capabilities.includes('phone') || !i.channelId) continue;
    let model: PhoneModel | null = null;
    try {
      const phone = await deps.plugins.phone(i.id);
      model = phone.models.includes('bridge') ? 'bridge' : (phone.models[0] ?? null);
    } catch (err) {
      deps.logger.debug({ err, installId: i.id }, 'phone channel not usable now');
    }
    out.push({
      installId: i.id,
      channelId: i.channelId,
      name: deps.plugins.displayNameOf(plugin.name),
      model,
    });
  }
  return out;
}

/** The Call section's settings: the bridge's own number and channel, and every phone channel. */
export async function phoneSettingsWithChannels(deps: CallDeps, agent: CallAgent) {
  const [settings, channels] = await Promise.all([
    phoneSettings(deps, agent),
    phoneChannelsOf(deps, agent.accountId),
  ]);
  const mine: PhoneChannel[] = [];
  for (const c of channels) if (await servesChannel(deps.db, c.channelId, agent.userId)) mine.push(c);
  return { ...settings, channels: mine };
}

/** A softphone channel of the agent's account that the agent serves, or not found. */
async function softphoneChannel(deps: CallDeps, agent: CallAgent, channelId: string) {
  const channel = (await phoneChannelsOf(deps, agent.accountId)).find((c) => c.channelId === channelId);
  if (channel?.model !== 'softphone') throw errors.noChannel();
  if (!(await servesChannel(deps.db, channelId, agent.userId))) throw errors.noChannel();
  const install = await deps.db.pluginInstall.findFirstOrThrow({
    where: { id: channel.installId },
    select: { name: true },
  });
  return { ...channel, pluginName: install.name };
}

/** The agent's SIP registration for one softphone channel. Short-lived where the plugin can. */
export async function softphoneCredentials(deps: CallDeps, agent: CallAgent, input: { channelId: string }) {
  const channel = await softphoneChannel(deps, agent, input.channelId);
  const user = await deps.db.user.findFirstOrThrow({
    where: { id: agent.userId },
    select: { name: true, email: true },
  });
  let creds: Awaited<ReturnType<CallDeps['plugins']['softphoneCredentials']>>;
  try {
    creds = await deps.plugins.softphoneCredentials(channel.installId, {
      userId: agent.userId,
      name: user.name,
      email: user.email,
    });
  } catch (err) {
    const e = PluginError.from(err, { plugin: channel.pluginName, installId: channel.installId });
    if (e.code === 'no_sip_account') throw errors.noSipAccount();
    deps.logger.warn({ err: e }, e.summary().slice(0, 2000));
    throw errors.provider(e.publicReason());
  }
  return {
    channelId: channel.channelId,
    wsUrl: creds.servers[0] as string,
    wsServers: creds.servers,
    sipUri: creds.uri,
    authorizationUser: creds.authorizationUser,
    password: creds.password,
    expiresAt: creds.expiresAt ? creds.expiresAt.toISOString() : null,
    displayName: creds.displayName ?? user.name,
    iceServers: creds.iceServers ?? iceServersFor(deps.ice, agent.userId),
  };
}

export type SoftphoneEndReason =
  | 'hangup'
  | 'remote-hangup'
  | 'busy'
  | 'no-answer'
  | 'canceled'
  | 'rejected'
  | 'failed';

export type SoftphoneEvent =
  | { event: 'outgoing'; channelId: string; sipCallId: string; to: string; visitorId?: string | undefined }
  | { event: 'incoming'; channelId: string; sipCallId: string; from?: string | undefined }
  | { event: 'ringing' | 'answered' | 'declined'; channelId: string; sipCallId: string }
  | { event: 'ended'; channelId: string; sipCallId: string; reason: SoftphoneEndReason };

/** The SIP user part of a remote party (`sip:+905321234567@host` → `+905321234567`), or null. */
export function sipUserOf(value: string | undefined): string | null {
  if (!value) return null;
  const m = /^(?:sips?:)?([^@;:>\s]+)@/i.exec(value.trim());
  const user = m?.[1] ?? (/^[+\d][\d\s().-]*$/.test(value.trim()) ? value.trim() : null);
  if (!user || user.length > 64) return null;
  try {
    return decodeURIComponent(user);
  } catch {
    return user;
  }
}

/** The CRM visitor of the remote party: by number when it is one, else by SIP user on this channel. */
async function visitorForRemote(deps: CallDeps, accountId: string, channelId: string, remote: string | null) {
  const number = remote ? normalizeNumber(remote) : null;
  if (number) return { visitorId: await visitorForNumber(deps.db, accountId, channelId, number), number };
  const externalId = remote ? `sip:${remote}` : `sip:anonymous:${Date.now()}:${Math.random()}`;
  const identity = await deps.db.visitorIdentity.findFirst({ where: { channelId, externalId } });
  if (identity) return { visitorId: identity.visitorId, number: remote };
  const created = await createVisitorWithIdentity(deps.db, {
    accountId,
    channelId,
    externalId,
    ...(remote ? { name: remote } : {}),
  });
  return { visitorId: created.visitorId, number: remote };
}

async function conversationFor(tx: DbTx, accountId: string, channelId: string, visitorId: string) {
  const open = await tx.conversation.findFirst({
    where: { visitorId, channelId, status: 'open', kind: 'visitor' },
    orderBy: { startedAt: 'desc' },
  });
  return (
    open ?? (await tx.conversation.create({ data: { accountId, channelId, visitorId, origin: 'call' } }))
  );
}

const withRow = (deps: CallDeps, id: string) =>
  deps.db.call.findFirstOrThrow({ where: { id }, include: callInclude });

/** What an ended report means for a call that never connected. */
const UNANSWERED: Record<SoftphoneEndReason, 'missed' | 'declined' | 'failed'> = {
  hangup: 'missed',
  'remote-hangup': 'missed',
  canceled: 'missed',
  'no-answer': 'missed',
  busy: 'declined',
  rejected: 'declined',
  failed: 'failed',
};

/**
 * The console reports a step of a SIP call. Idempotent per SIP Call-ID: the first report of a call
 * creates its row, later ones move it on with conditional updates (so repeats change nothing).
 * Returns the call as the console sees it, with the seconds the credit allows (outgoing, rated).
 */
export async function reportSoftphoneEvent(deps: CallDeps, agent: CallAgent, input: SoftphoneEvent) {
  const channel = await softphoneChannel(deps, agent, input.channelId);
  const existing = await deps.db.call.findFirst({
    where: { installId: channel.installId, externalCallId: input.sipCallId },
    include: callInclude,
  });
  if (input.event === 'outgoing') {
    if (existing) {
      if (existing.agentId !== agent.userId || existing.direction !== 'outbound') throw notFound('Call');
      return { call: callView(existing), maxSeconds: null };
    }
    return startOutgoing(deps, agent, channel, input);
  }
  if (input.event === 'incoming') {
    if (existing) {
      if (existing.direction !== 'inbound') throw notFound('Call');
      // The same INVITE forked to several agents: each one that reports it is rung by it.
      const rung = userIdsOf(existing.rungUserIds);
      if (!rung.includes(agent.userId) && existing.status === 'ringing')
        await deps.db.call.updateMany({
          where: { id: existing.id, status: 'ringing' },
          data: { rungUserIds: [...rung, agent.userId] },
        });
      return { call: callView(await withRow(deps, existing.id)), maxSeconds: null };
    }
    return ringIncoming(deps, agent, channel, input);
  }
  if (!existing) throw notFound('Call');
  const mine =
    existing.agentId === agent.userId ||
    (existing.direction === 'inbound' && userIdsOf(existing.rungUserIds).includes(agent.userId));
  if (!mine) throw notFound('Call');
  if (existing.status !== 'ringing' && existing.status !== 'active')
    return { call: callView(existing), maxSeconds: null };

  switch (input.event) {
    case 'ringing':
      return { call: callView(existing), maxSeconds: null };
    case 'answered': {
      if (existing.status === 'active') return { call: callView(existing), maxSeconds: null };
      const out = await acceptCall(deps, agent, existing.id);
      return { call: out.call, maxSeconds: null };
    }
    case 'declined': {
      if (existing.direction !== 'inbound') throw notFound('Call');
      return { call: await declineCall(deps, agent, existing.id), maxSeconds: null };
    }
    case 'ended': {
      if (existing.status === 'active' && existing.agentId !== agent.userId) throw notFound('Call');
      const status =
        existing.status === 'active'
          ? input.reason === 'failed'
            ? 'failed'
            : 'ended'
          : existing.direction === 'inbound'
            ? 'missed'
            : UNANSWERED[input.reason];
      const endedBy = input.reason === 'hangup' || input.reason === 'canceled' ? 'agent' : 'visitor';
      await withLiveEvents(deps, agent.accountId, (tx, emit) =>
        finishCall(tx, emit, existing.id, status, endedBy, { endReason: input.reason }),
      );
      return { call: callView(await withRow(deps, existing.id)), maxSeconds: null };
    }
  }
}

type Channel = Awaited<ReturnType<typeof softphoneChannel>>;

async function startOutgoing(
  deps: CallDeps,
  agent: CallAgent,
  channel: Channel,
  input: Extract<SoftphoneEvent, { event: 'outgoing' }>,
) {
  const given = input.visitorId
    ? await deps.db.visitor.findFirst({ where: { id: input.visitorId }, select: { id: true } })
    : null;
  if (input.visitorId && !given) throw notFound('Visitor');
  const number = normalizeNumber(input.to);
  const remote = number ?? sipUserOf(input.to.includes('@') ? input.to : `${input.to}@x`);
  if (!remote) throw errors.invalidTarget();
  const plugin = deps.plugins.getPlugin(channel.pluginName);
  const rate = plugin?.rates && number ? rateFor(plugin.rates, 'outbound', number) : 0;
  if (rate === null)
    throw new AppError(
      'bad_request',
      'call.no_rate',
      'The phone channel does not call numbers in this country',
    );
  const visitorId =
    given?.id ?? (await visitorForRemote(deps, agent.accountId, channel.channelId, remote)).visitorId;
  const now = new Date();
  let created: { id: string };
  try {
    created = await deps.db.call.create({
      data: {
        accountId: agent.accountId,
        visitorId,
        agentId: agent.userId,
        channelId: channel.channelId,
        direction: 'outbound',
        via: channel.pluginName,
        kind: 'phone',
        phoneNumber: remote,
        installId: channel.installId,
        externalCallId: input.sipCallId,
        startedAt: now,
        ringUntil: new Date(now.getTime() + RING_MS),
        // The audio is in the agent's console: its heartbeat keeps the call alive (sweep.ts).
        aliveAt: now,
        rungUserIds: [],
      },
    });
  } catch (err) {
    // Two reports of the same call at once: the unique (install, Call-ID) keeps one row.
    const again = await deps.db.call.findFirst({
      where: { installId: channel.installId, externalCallId: input.sipCallId, agentId: agent.userId },
      include: callInclude,
    });
    if (again) return { call: callView(again), maxSeconds: null };
    throw err;
  }
  // H4: a rated plugin holds credit before the call rings; the console ends it at maxSeconds.
  let maxSeconds: number | null = null;
  if (rate > 0) {
    try {
      maxSeconds = (
        await reserveCallCredit(deps.db, agent.accountId, { callId: created.id, ratePerMinute: rate })
      ).maxSeconds;
    } catch (err) {
      await deps.db.call.delete({ where: { id: created.id } });
      throw err;
    }
  }
  return withLiveEvents(deps, agent.accountId, async (tx, emit) => {
    const conversation = await conversationFor(tx, agent.accountId, channel.channelId, visitorId);
    await tx.call.update({ where: { id: created.id }, data: { conversationId: conversation.id } });
    const row = await tx.call.findFirstOrThrow({ where: { id: created.id }, include: callInclude });
    await emit({
      topic: CONSOLE_TOPIC,
      data: { type: 'call.updated', call: callView(row) },
      audience: [agent.userId],
    });
    return { call: callView(row), maxSeconds };
  });
}

async function ringIncoming(
  deps: CallDeps,
  agent: CallAgent,
  channel: Channel,
  input: Extract<SoftphoneEvent, { event: 'incoming' }>,
) {
  const remote = sipUserOf(input.from);
  const { visitorId, number } = await visitorForRemote(deps, agent.accountId, channel.channelId, remote);
  const now = new Date();
  try {
    return await withLiveEvents(deps, agent.accountId, async (tx, emit) => {
      const conversation = await conversationFor(tx, agent.accountId, channel.channelId, visitorId);
      const created = await tx.call.create({
        data: {
          accountId: agent.accountId,
          conversationId: conversation.id,
          visitorId,
          channelId: channel.channelId,
          direction: 'inbound',
          via: channel.pluginName,
          kind: 'phone',
          phoneNumber: number,
          installId: channel.installId,
          externalCallId: input.sipCallId,
          startedAt: now,
          // The SIP server decides how long it rings; this only ends a call the console never reports on.
          ringUntil: new Date(now.getTime() + RING_MS),
          // The audio is in the agent's console: its heartbeat keeps the call alive (sweep.ts).
          aliveAt: now,
          rungUserIds: [agent.userId],
        },
        include: callInclude,
      });
      await emit({
        topic: CONSOLE_TOPIC,
        data: {
          type: 'call.ringing',
          call: callView(created),
          conversation: await summarizeOne(tx, agent.accountId, conversation.id),
        },
        audience: [agent.userId],
      });
      return { call: callView(created), maxSeconds: null };
    });
  } catch (err) {
    const again = await deps.db.call.findFirst({
      where: { installId: channel.installId, externalCallId: input.sipCallId },
      include: callInclude,
    });
    if (again) return { call: callView(again), maxSeconds: null };
    throw err;
  }
}
