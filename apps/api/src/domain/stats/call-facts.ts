import { HOUR_COLUMNS, type THourSums } from './chat-facts';

/**
 * What the statistics count of one call (docs/statistics.md, "Calls"): a pure function like
 * chatFacts, so the rollup job and the rebuild cannot disagree.
 */

export interface TFactCall {
  channelId: string | null;
  agentId: string | null;
  status: string;
  startedAt: Date;
  answeredAt: Date | null;
  durationSec: number | null;
}

export interface TCallFacts {
  channelId: string;
  agentId: string;
  startedAt: Date;
  answered: number;
  missed: number;
  durationSec: number | null;
}

export function callFacts(c: TFactCall): TCallFacts {
  // Answered once an agent took it, whatever happened next (a dropped line is still a taken call).
  const answered = c.answeredAt ? 1 : 0;
  // Nobody took it: it rang out, the visitor gave up, or every rung agent declined. A call still
  // ringing is neither yet; one that failed before anyone took it was not missed by the team.
  const missed = !answered && (c.status === 'missed' || c.status === 'declined') ? 1 : 0;
  const over = c.status === 'ended' || c.status === 'failed';
  return {
    channelId: c.channelId ?? '',
    // Like a chat, a call belongs to the agent who took it; an untaken call to no agent.
    agentId: answered ? (c.agentId ?? '') : '',
    startedAt: c.startedAt,
    answered,
    missed,
    durationSec: answered && over && c.durationSec !== null ? Math.max(0, c.durationSec) : null,
  };
}

/** The StatHour columns a call adds to its hour. */
export function callContribution(f: Pick<TCallFacts, 'answered' | 'missed' | 'durationSec'>): THourSums {
  const out = Object.fromEntries(HOUR_COLUMNS.map((c) => [c, 0])) as THourSums;
  out.callsAnswered = f.answered;
  out.callsMissed = f.missed;
  out.callSecSum = f.durationSec ?? 0;
  out.callSecCount = f.durationSec === null ? 0 : 1;
  return out;
}
