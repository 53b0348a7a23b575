import type { Prisma } from '@parley/db';
import { type AgentBrief, agentBrief, type CallRecord } from '../live-chat/views';

export const callInclude = { agent: { select: { id: true, name: true, avatarKey: true } } } as const;
export type CallRow = Prisma.CallGetPayload<{ include: typeof callInclude }>;

export type CallStatus = 'ringing' | 'active' | 'ended' | 'missed' | 'declined' | 'failed';

/** A call as the console sees it. */
export interface CallView {
  id: string;
  conversationId: string | null;
  visitorId: string | null;
  channelId: string | null;
  kind: string;
  direction: string;
  status: CallStatus;
  agent: AgentBrief | null;
  startedAt: string;
  ringUntil: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  ringingMs: number | null;
  durationSec: number | null;
  endedBy: string | null;
  /** H2, phone calls: the customer's number, the provider's outcome (busy, no-answer...), the cost. */
  phoneNumber: string | null;
  endReason: string | null;
  cost: number | null;
}

/** A call as the visitor's widget sees it. */
export interface WidgetCallView {
  id: string;
  status: CallStatus;
  agent: AgentBrief | null;
  answeredAt: string | null;
  endedAt: string | null;
  durationSec: number | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function callView(c: CallRow): CallView {
  return {
    id: c.id,
    conversationId: c.conversationId,
    visitorId: c.visitorId,
    channelId: c.channelId,
    kind: c.kind,
    direction: c.direction,
    status: c.status,
    agent: c.agent ? agentBrief(c.agent) : null,
    startedAt: c.startedAt.toISOString(),
    ringUntil: iso(c.ringUntil),
    answeredAt: iso(c.answeredAt),
    endedAt: iso(c.endedAt),
    ringingMs: c.ringingMs,
    durationSec: c.durationSec,
    endedBy: c.endedBy,
    phoneNumber: c.phoneNumber,
    endReason: c.endReason,
    cost: c.cost,
  };
}

export function widgetCallView(c: CallRow): WidgetCallView {
  return {
    id: c.id,
    status: c.status,
    agent: c.agent ? agentBrief(c.agent) : null,
    answeredAt: iso(c.answeredAt),
    endedAt: iso(c.endedAt),
    durationSec: c.durationSec,
  };
}

export const OUTCOME: Record<'ended' | 'missed' | 'declined' | 'failed', CallRecord['outcome']> = {
  ended: 'answered',
  missed: 'missed',
  declined: 'declined',
  failed: 'failed',
};

/** The line's stored English text (search, exports); clients render it from `system.call`. */
export function recordText(outcome: CallRecord['outcome'], durationSec: number | null): string {
  if (outcome !== 'answered') return `${outcome[0]?.toUpperCase()}${outcome.slice(1)} call`;
  const s = durationSec ?? 0;
  return `Call, ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export const userIdsOf = (value: Prisma.JsonValue | null): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
