import { type DbTx, Prisma } from '@parley/db';
import { AppError, notFound } from '../../errors';
import { type Emit, publishEphemeral, withLiveEvents } from '../../live/events';
import { acceptChat, type ChatDeps } from '../live-chat/chats';
import { CONSOLE_TOPIC, visitorTopic } from '../live-chat/constants';
import { postMessage } from '../live-chat/messages';
import { onlineAgentsOf, servesChannel } from '../live-chat/routing';
import { summarizeOne } from '../live-chat/views';
import type { VisitorAuth } from '../live-chat/visitor-auth';
import { readWebsiteConfig } from '../live-chat/website-config';
import { assertFeature } from '../plans';
import { settleCallCredit } from './balance';
import { type IceConfig, iceServersFor } from './ice';
import { hangUpAtProvider } from './phone-hangup';
import type { CallSignal } from './signal';
import { type CallRow, callInclude, callView, OUTCOME, recordText, userIdsOf, widgetCallView } from './views';

/**
 * H1: calls from the widget to the agents of its channel, in the browser (WebRTC). The server keeps
 * the call's state and relays the signalling; audio flows between the two browsers (or through TURN).
 *
 *   ringing ──accept (first agent wins)──▶ active ──hang-up──▶ ended (answered)
 *      ├── every rung agent declines ──▶ declined
 *      ├── the visitor gives up, or nobody answers by ringUntil ──▶ missed
 *      └── (failed: the media never connected; reported by a party's hang-up with `failed`)
 *
 * Every change is one conditional update (`where status = …`), so two agents accepting at once, or a
 * hang-up racing the ring timeout on another process, leave exactly one winner. Each finished call
 * leaves a system line in its conversation (`system.event = 'call'`), which the Archive finds.
 */
export interface CallDeps extends ChatDeps {
  ice: IceConfig;
}

export interface CallAgent {
  accountId: string;
  userId: string;
}

/** Who is hanging up or signalling: the call's visitor or one of the account's agents. */
export type CallParty = { visitor: VisitorAuth } | { agent: CallAgent };

const DEFAULT_RING_MS = 45_000;

const errors = {
  notAllowed: () => new AppError('forbidden', 'call.not_allowed', 'Calls are not available on this website'),
  noAgents: () => new AppError('conflict', 'call.no_agents', 'No agent can take a call right now'),
  busy: () => new AppError('conflict', 'call.in_progress', 'You are already in this call'),
  taken: () => new AppError('conflict', 'call.taken', 'Another agent already took this call'),
  over: () => new AppError('conflict', 'call.over', 'This call has ended'),
  notActive: () => new AppError('conflict', 'call.not_active', 'This call is not connected'),
};

async function findCall(db: ChatDeps['db'] | DbTx, callId: string): Promise<CallRow> {
  const call = await db.call.findFirst({ where: { id: callId }, include: callInclude });
  if (!call) throw notFound('Call');
  return call;
}

/** Everyone in the console who hears of the call: the agents rung and whoever took it. */
const consoleAudience = (call: CallRow) => [
  ...new Set([...userIdsOf(call.rungUserIds), ...(call.agentId ? [call.agentId] : [])]),
];

async function announce(emit: Emit, call: CallRow) {
  await emit({
    topic: CONSOLE_TOPIC,
    data: { type: 'call.updated', call: callView(call) },
    audience: consoleAudience(call),
  });
  if (call.visitorId)
    await emit({
      topic: visitorTopic(call.visitorId),
      data: { type: 'call.updated', call: widgetCallView(call) },
    });
}

/** The visitor presses Call: the online agents serving the channel are rung. */
export async function startCall(deps: CallDeps, visitor: VisitorAuth) {
  await assertFeature(deps, visitor.accountId, 'calls');
  const channel = await deps.db.channel.findFirst({
    where: { id: visitor.channelId, accountId: visitor.accountId, kind: 'website', enabled: true },
  });
  if (!channel) throw errors.notAllowed();
  const config = readWebsiteConfig(channel.config).calls;
  if (!config.enabled) throw errors.notAllowed();
  const agents = await onlineAgentsOf(deps.db, visitor.accountId, visitor.channelId);
  if (agents.length === 0) throw errors.noAgents();
  const ringMs = config.ringSeconds * 1000 || DEFAULT_RING_MS;
  const call = await withLiveEvents(deps, visitor.accountId, async (tx, emit) => {
    // A call still open for this visitor belongs to a page that is gone (a reload or another page in
    // the middle of a call; the widget allows one call at a time): it ends before the new one rings.
    const stale = await tx.call.findMany({
      // A phone call (H2) of the same contact is not the widget's: it carries on.
      where: { visitorId: visitor.visitorId, kind: 'webrtc', status: { in: ['ringing', 'active'] } },
      select: { id: true, status: true },
    });
    for (const c of stale)
      await finish(tx, emit, c.id, c.status === 'ringing' ? 'missed' : 'ended', 'visitor');
    const open = await tx.conversation.findFirst({
      where: { visitorId: visitor.visitorId, channelId: visitor.channelId, status: 'open', kind: 'visitor' },
      orderBy: { startedAt: 'desc' },
    });
    const conversation =
      open ??
      (await tx.conversation.create({
        data: {
          accountId: visitor.accountId,
          channelId: visitor.channelId,
          visitorId: visitor.visitorId,
          origin: 'call',
        },
      }));
    const now = new Date();
    const created = await tx.call.create({
      data: {
        accountId: visitor.accountId,
        conversationId: conversation.id,
        visitorId: visitor.visitorId,
        channelId: visitor.channelId,
        direction: 'inbound',
        via: 'webrtc',
        kind: 'webrtc',
        startedAt: now,
        ringUntil: new Date(now.getTime() + ringMs),
        // The agent's side of the audio will be a console: its heartbeat keeps the call alive.
        aliveAt: now,
        rungUserIds: agents,
      },
      include: callInclude,
    });
    await emit({
      topic: CONSOLE_TOPIC,
      data: {
        type: 'call.ringing',
        call: callView(created),
        conversation: await summarizeOne(tx, visitor.accountId, conversation.id),
      },
      audience: agents,
    });
    await emit({
      topic: visitorTopic(visitor.visitorId),
      data: { type: 'call.updated', call: widgetCallView(created) },
    });
    return created;
  });
  return { call: widgetCallView(call), iceServers: iceServersFor(deps.ice, visitor.visitorId) };
}

/** An agent takes a ringing call; the first one wins, the others' ringing stops. */
export async function acceptCall(deps: CallDeps, agent: CallAgent, callId: string) {
  const call = await findCall(deps.db, callId);
  if (call.status === 'active') throw call.agentId === agent.userId ? errors.busy() : errors.taken();
  if (call.status !== 'ringing') throw errors.over();
  if (call.channelId && !(await servesChannel(deps.db, call.channelId, agent.userId))) throw notFound('Call');
  const accepted = await withLiveEvents(deps, agent.accountId, async (tx, emit) => {
    const now = new Date();
    const { count } = await tx.call.updateMany({
      where: { id: call.id, status: 'ringing' },
      data: {
        status: 'active',
        agentId: agent.userId,
        answeredAt: now,
        ringingMs: now.getTime() - call.startedAt.getTime(),
        // An in-console call (WebRTC, softphone) is alive from the accept on; bridged ones stay null.
        ...(call.aliveAt ? { aliveAt: now } : {}),
      },
    });
    if (count !== 1) throw errors.taken();
    const row = await findCall(tx, call.id);
    await announce(emit, row);
    return row;
  });
  // The agent who answers the call also takes the chat, so they can write in it during the call.
  if (accepted.conversationId) {
    const c = await deps.db.conversation.findFirst({ where: { id: accepted.conversationId } });
    if (c && c.status === 'open' && !c.assigneeId)
      await acceptChat(deps, agent, c.id).catch((err) =>
        deps.logger.debug({ err, callId }, 'call accepted; the chat was taken meanwhile'),
      );
  }
  return { call: callView(accepted), iceServers: iceServersFor(deps.ice, agent.userId) };
}

/** An agent declines: their ringing stops; when every agent rung has declined, the call is declined. */
export async function declineCall(deps: CallDeps, agent: CallAgent, callId: string) {
  // Compare-and-swap on the list of those who declined, so two agents declining at once both count.
  for (let attempt = 0; ; attempt++) {
    const call = await findCall(deps.db, callId);
    const rung = userIdsOf(call.rungUserIds);
    if (!rung.includes(agent.userId)) throw notFound('Call');
    if (call.status !== 'ringing') return callView(call);
    const before = userIdsOf(call.declinedUserIds);
    const declined = [...new Set([...before, agent.userId])];
    const result = await withLiveEvents(deps, agent.accountId, async (tx, emit) => {
      const { count } = await tx.call.updateMany({
        where: {
          id: call.id,
          status: 'ringing',
          declinedUserIds: call.declinedUserIds === null ? { equals: Prisma.DbNull } : { equals: before },
        },
        data: { declinedUserIds: declined },
      });
      if (count !== 1) return null;
      if (rung.every((id) => declined.includes(id)) && (await finish(tx, emit, call.id, 'declined', 'agent')))
        hangUpAtProvider(deps, call.installId, call.externalCallId);
      return callView(await findCall(tx, call.id));
    });
    if (result) return result;
    if (attempt >= 5) return callView(await findCall(deps.db, callId));
  }
}

/**
 * Ends the call in `status` if it is still ringing or active (a conditional update: once only),
 * records its line in the conversation and tells both sides. False when it had ended already.
 */
async function finish(
  tx: DbTx,
  emit: Emit,
  callId: string,
  status: 'ended' | 'missed' | 'declined' | 'failed',
  endedBy: string,
  /** H2: a phone provider's own account of the end (its billed duration, busy / no-answer...). */
  provider?: { durationSec?: number | undefined; endReason?: string | undefined },
): Promise<boolean> {
  const call = await findCall(tx, callId);
  if (call.status !== 'ringing' && call.status !== 'active') return false;
  const now = new Date();
  const durationSec =
    provider?.durationSec ??
    (call.answeredAt ? Math.round((now.getTime() - call.answeredAt.getTime()) / 1000) : null);
  const { count } = await tx.call.updateMany({
    where: { id: call.id, status: call.status },
    data: {
      status,
      endedAt: now,
      endedBy,
      durationSec,
      ...(provider?.endReason ? { endReason: provider.endReason } : {}),
      ...(call.answeredAt ? {} : { ringingMs: now.getTime() - call.startedAt.getTime() }),
    },
  });
  if (count !== 1) return false;
  // H4: a call that held credit (a phone call with a rate) settles on its duration; free calls held none.
  await settleCallCredit(tx, call.accountId, call.id, durationSec);
  const row = await findCall(tx, call.id);
  await announce(emit, row);
  if (row.conversationId && row.visitorId) {
    const outcome = OUTCOME[status];
    await postMessage(tx, emit, {
      accountId: row.accountId,
      conversationId: row.conversationId,
      visitorId: row.visitorId,
      author: { type: 'system' },
      body: recordText(outcome, durationSec),
      system: {
        event: 'call',
        ...(row.agent ? { name: row.agent.name, userId: row.agent.id } : {}),
        call: { id: row.id, outcome, durationSec, ringingMs: row.ringingMs },
      },
    });
  }
  return true;
}

/** A party of the call, or refused as if the call did not exist. */
function assertParty(call: CallRow, party: CallParty) {
  if ('visitor' in party) {
    if (call.visitorId !== party.visitor.visitorId) throw notFound('Call');
    return;
  }
  const rung = userIdsOf(call.rungUserIds);
  if (
    call.agentId !== party.agent.userId &&
    !(call.status === 'ringing' && rung.includes(party.agent.userId))
  )
    throw notFound('Call');
}

/**
 * Either side hangs up. Ringing: the visitor giving up makes it missed; an agent hanging up a call
 * ringing for them declines it. Active: ended (answered), or `failed` when the media never connected.
 */
export async function hangupCall(
  deps: CallDeps,
  party: CallParty,
  callId: string,
  reason: 'hangup' | 'failed' = 'hangup',
) {
  const call = await findCall(deps.db, callId);
  assertParty(call, party);
  if (call.status === 'ringing' && 'agent' in party) return declineCall(deps, party.agent, callId);
  const accountId = call.accountId;
  return withLiveEvents(deps, accountId, async (tx, emit) => {
    const status = call.status === 'ringing' ? 'missed' : reason === 'failed' ? 'failed' : 'ended';
    if (await finish(tx, emit, call.id, status, 'visitor' in party ? 'visitor' : 'agent'))
      hangUpAtProvider(deps, call.installId, call.externalCallId);
    return callView(await findCall(tx, call.id));
  });
}

/**
 * Relays an offer, answer or ICE candidate to the other party of an active call. Ephemeral (never
 * stored): the bus carries it to whichever process holds the other side's socket.
 */
export async function relaySignal(deps: CallDeps, party: CallParty, callId: string, signal: CallSignal) {
  const call = await findCall(deps.db, callId);
  if ('visitor' in party ? call.visitorId !== party.visitor.visitorId : call.agentId !== party.agent.userId)
    throw notFound('Call');
  if (call.status !== 'active' || !call.agentId || !call.visitorId) throw errors.notActive();
  if ('visitor' in party)
    await publishEphemeral(deps.bus, call.accountId, {
      topic: CONSOLE_TOPIC,
      data: { type: 'call.signal', callId: call.id, signal },
      audience: [call.agentId],
    });
  else
    await publishEphemeral(deps.bus, call.accountId, {
      topic: visitorTopic(call.visitorId),
      data: { type: 'call.signal', callId: call.id, signal },
    });
  return { ok: true as const };
}

/**
 * A console's heartbeat names the calls it holds (their audio is in that tab): each one of the
 * agent's active in-console calls among them is alive now. The sweep ends those that go silent.
 */
export async function markCallsAlive(db: CallDeps['db'], agent: CallAgent, callIds: readonly string[]) {
  if (callIds.length === 0) return;
  await db.call.updateMany({
    where: { id: { in: [...callIds] }, agentId: agent.userId, status: 'active', aliveAt: { not: null } },
    data: { aliveAt: new Date() },
  });
}

/** Calls ringing for the agent or in progress with them (the console after a reload). */
export async function currentCallForAgent(deps: CallDeps, agent: CallAgent) {
  const rows = await deps.db.call.findMany({
    where: { status: { in: ['ringing', 'active'] } },
    include: callInclude,
    orderBy: { startedAt: 'desc' },
    take: 50,
  });
  const calls = rows
    .filter(
      (c) =>
        c.agentId === agent.userId ||
        (c.status === 'ringing' &&
          userIdsOf(c.rungUserIds).includes(agent.userId) &&
          !userIdsOf(c.declinedUserIds).includes(agent.userId)),
    )
    .map(callView);
  // A console reloaded during a call answers the visitor's next offer (their ICE restart) with these.
  const inCall = calls.some((c) => c.status === 'active');
  return { calls, iceServers: inCall ? iceServersFor(deps.ice, agent.userId) : [] };
}

export { finish as finishCall };
