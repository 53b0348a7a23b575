import { type Db, type DbTx, isUniqueViolation } from '@parley/db';
import { AppError } from '../../errors';
import { audit } from '../audit';

/**
 * H4: the call balance, a credit ledger per account. Amounts are whole credit units (the account's
 * minor units). Every `CreditEntry` changes `Account.creditBalance` by its amount in the same
 * transaction, so the balance is always the ledger's sum, and taking credit is ONE conditional update
 * (`where creditBalance >= amount`): two calls reserving at once on SQLite or PostgreSQL cannot
 * both take the last credit (PostgreSQL re-checks the condition after the row lock).
 *
 *   call start ── reserveCallCredit ──▶ entry `call.reserve` (−held)        balance −held
 *   call end   ── settleCallCredit  ──▶ entry `call.settle`  (+held − cost) balance +release
 *   owner      ── topUpCredit       ──▶ entry `topup`        (+amount), audited
 *
 * A reservation holds up to `maxMinutes` of the call's rate (at least one minute, else the call is
 * refused with `call.balance_short`); the call may last as long as the hold (`maxSeconds`), and the
 * cost, whole minutes started, never exceeds the hold, so nothing is overspent. Settlement is
 * idempotent: the reservation's `settledAt` is claimed with a conditional update, and entry refs
 * (`call:<id>:reserve|settle`) are unique per account. A process that dies mid-call leaves the
 * reservation open; `settleOpenReservations` (balance-sweep.ts, a scheduled job) settles it once the call has ended,
 * or releases it all when the call row is gone.
 *
 * Browser (WebRTC) calls are free: nothing reserves for them, and settling a call without a
 * reservation does nothing.
 */

export const RESERVE_REASON = 'call.reserve';
export const SETTLE_REASON = 'call.settle';
/** Manual top-ups by an owner; the billing plugin's will be `topup.billing` through `addCredit`. */
export const TOPUP_REASON = 'topup';
export const DEFAULT_MAX_MINUTES = 60;
export const MAX_TOP_UP = 100_000_000;

const reserveRef = (callId: string) => `call:${callId}:reserve`;
const settleRef = (callId: string) => `call:${callId}:settle`;

const balanceShort = () =>
  new AppError(
    'conflict',
    'call.balance_short',
    'The call balance is too low for this call; top it up first',
  );

export interface Reservation {
  callId: string;
  ratePerMinute: number;
  /** Credit held (0 for a free call). */
  held: number;
  /** How long the call may last on this hold; null: no limit (free). */
  maxSeconds: number | null;
}

async function balanceOf(tx: DbTx | Db, accountId: string): Promise<number> {
  const account = await tx.account.findUnique({ where: { id: accountId }, select: { creditBalance: true } });
  if (!account) throw new AppError('not_found', 'not_found', 'Account not found');
  return account.creditBalance;
}

/**
 * Changes the balance by `amount` and writes its ledger line, in the caller's transaction. A
 * negative amount only applies if the balance covers it (false otherwise: nothing written).
 */
async function applyEntry(
  tx: DbTx,
  accountId: string,
  entry: {
    amount: number;
    reason: string;
    callId?: string | null;
    ref?: string;
    rate?: number;
    actorUserId?: string | null;
    note?: string | null;
  },
): Promise<{ id: string; balanceAfter: number } | null> {
  const { count } = await tx.account.updateMany({
    where: { id: accountId, ...(entry.amount < 0 ? { creditBalance: { gte: -entry.amount } } : {}) },
    data: { creditBalance: { increment: entry.amount } },
  });
  if (count !== 1) return null;
  // Our update holds the row (PostgreSQL's row lock, SQLite's single writer) until commit.
  const balanceAfter = await balanceOf(tx, accountId);
  const row = await tx.creditEntry.create({
    data: {
      accountId,
      amount: entry.amount,
      reason: entry.reason,
      callId: entry.callId ?? null,
      ref: entry.ref ?? null,
      rate: entry.rate ?? null,
      actorUserId: entry.actorUserId ?? null,
      note: entry.note ?? null,
      balanceAfter,
    },
    select: { id: true },
  });
  return { id: row.id, balanceAfter };
}

/**
 * Holds credit for a call about to start at `ratePerMinute`. Idempotent per call (a second call
 * answers the first hold). Refused with `call.balance_short` when less than one minute is left.
 */
export async function reserveCallCredit(
  db: Db,
  accountId: string,
  input: { callId: string; ratePerMinute: number; maxMinutes?: number },
): Promise<Reservation> {
  const { callId, ratePerMinute } = input;
  if (!Number.isInteger(ratePerMinute) || ratePerMinute < 0)
    throw new RangeError('rate must be a whole number ≥ 0');
  if (ratePerMinute === 0) return { callId, ratePerMinute, held: 0, maxSeconds: null };
  const maxMinutes = Math.max(1, input.maxMinutes ?? DEFAULT_MAX_MINUTES);
  const existing = async () => {
    const row = await db.creditEntry.findFirst({ where: { accountId, ref: reserveRef(callId) } });
    return row
      ? {
          callId,
          ratePerMinute: row.rate ?? ratePerMinute,
          held: -row.amount,
          maxSeconds: (-row.amount / (row.rate ?? ratePerMinute)) * 60,
        }
      : null;
  };
  const before = await existing();
  if (before) return before;
  // The balance read here can be stale by the time we write; the conditional update decides, and a
  // lost race reads again (a few times: each retry means someone else's write committed).
  for (let attempt = 0; attempt < 8; attempt++) {
    const balance = await balanceOf(db, accountId);
    const minutes = Math.min(maxMinutes, Math.floor(balance / ratePerMinute));
    if (minutes < 1) throw balanceShort();
    const held = minutes * ratePerMinute;
    try {
      const done = await db.$transaction((tx) =>
        applyEntry(tx, accountId, {
          amount: -held,
          reason: RESERVE_REASON,
          callId,
          ref: reserveRef(callId),
          rate: ratePerMinute,
        }),
      );
      if (done) return { callId, ratePerMinute, held, maxSeconds: minutes * 60 };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const other = await existing();
      if (other) return other;
      throw err;
    }
  }
  throw balanceShort();
}

/** What a finished call costs: whole minutes started at the hold's rate, never more than the hold. */
export function costOf(held: number, ratePerMinute: number, durationSec: number | null): number {
  if (!durationSec || durationSec <= 0 || ratePerMinute <= 0) return 0;
  return Math.min(held, Math.ceil(durationSec / 60) * ratePerMinute);
}

/**
 * Settles a call's hold on its real duration, in the caller's transaction (the call's `finish`):
 * the rest is released and the cost recorded on the call. Once only: a second settlement (another
 * process, the sweep) finds the hold claimed and does nothing. Null when the call held nothing.
 */
export async function settleCallCredit(
  tx: DbTx,
  accountId: string,
  callId: string,
  durationSec: number | null,
): Promise<{ cost: number; released: number } | null> {
  const hold = await tx.creditEntry.findFirst({
    where: { accountId, ref: reserveRef(callId), reason: RESERVE_REASON },
    select: { id: true, amount: true, rate: true, settledAt: true },
  });
  if (!hold || hold.settledAt) return null;
  return settleHold(
    tx,
    accountId,
    { id: hold.id, amount: hold.amount, rate: hold.rate },
    callId,
    durationSec,
    true,
  );
}

export async function settleHold(
  tx: DbTx,
  accountId: string,
  hold: { id: string; amount: number; rate: number | null },
  callId: string,
  durationSec: number | null,
  callExists: boolean,
): Promise<{ cost: number; released: number } | null> {
  const claimed = await tx.creditEntry.updateMany({
    where: { id: hold.id, settledAt: null },
    data: { settledAt: new Date() },
  });
  if (claimed.count !== 1) return null;
  const held = -hold.amount;
  const cost = costOf(held, hold.rate ?? 0, durationSec);
  const released = held - cost;
  await applyEntry(tx, accountId, {
    amount: released,
    reason: SETTLE_REASON,
    callId: callExists ? callId : null,
    ref: settleRef(callId),
    rate: hold.rate ?? 0,
    note: callExists ? null : 'call record gone: hold released',
  });
  if (callExists) await tx.call.updateMany({ where: { id: callId }, data: { cost } });
  return { cost, released };
}

/**
 * Adds credit with a ledger line, idempotent by `ref` when given. The seam for paid top-ups: the
 * billing plugin (when it exists) calls this with `reason: 'topup.billing'` and the provider's
 * payment id as `ref`, so a webhook delivered twice credits once.
 */
export async function addCredit(
  tx: DbTx,
  accountId: string,
  input: { amount: number; reason: string; ref?: string; actorUserId?: string | null; note?: string | null },
) {
  if (!Number.isInteger(input.amount) || input.amount <= 0)
    throw new RangeError('credit must be a whole number > 0');
  const entry = await applyEntry(tx, accountId, input);
  if (!entry) throw new Error('unreachable: a positive amount always applies');
  return entry;
}

export interface BalanceActor {
  accountId: string;
  userId: string;
  ip?: string | undefined;
}

/** An owner tops up by hand: a ledger line and an audit line, in one transaction. */
export async function topUpCredit(
  db: Db,
  actor: BalanceActor,
  input: { amount: number; note?: string | null },
) {
  if (!Number.isInteger(input.amount) || input.amount <= 0 || input.amount > MAX_TOP_UP)
    throw new AppError('bad_request', 'validation.invalid', 'Enter a whole amount above 0', {
      amount: 'validation.invalid',
    });
  const note = input.note?.trim().slice(0, 200) || null;
  return db.$transaction(async (tx) => {
    const entry = await addCredit(tx, actor.accountId, {
      amount: input.amount,
      reason: TOPUP_REASON,
      actorUserId: actor.userId,
      note,
    });
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'credit.topup',
      targetType: 'creditEntry',
      targetId: entry.id,
      data: { amount: input.amount, balanceAfter: entry.balanceAfter, ...(note ? { note } : {}) },
      ip: actor.ip,
    });
    return { balance: entry.balanceAfter };
  });
}

/** The owner's low-balance warning level (0: none); audited. */
export async function setLowBalanceThreshold(db: Db, actor: BalanceActor, threshold: number) {
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > MAX_TOP_UP)
    throw new AppError('bad_request', 'validation.invalid', 'Enter a whole amount from 0', {
      threshold: 'validation.invalid',
    });
  await db.$transaction(async (tx) => {
    await tx.account.update({ where: { id: actor.accountId }, data: { creditLowThreshold: threshold } });
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'credit.threshold',
      data: { threshold },
      ip: actor.ip,
    });
  });
  return getBalance(db, actor.accountId);
}

/** Balance (available: holds already taken out), what is held by calls in progress, the warning. */
export async function getBalance(db: Db, accountId: string) {
  const account = await db.account.findUnique({
    where: { id: accountId },
    select: { creditBalance: true, creditLowThreshold: true },
  });
  if (!account) throw new AppError('not_found', 'not_found', 'Account not found');
  const holds = await db.creditEntry.aggregate({
    where: { accountId, reason: RESERVE_REASON, settledAt: null },
    _sum: { amount: true },
  });
  const threshold = account.creditLowThreshold;
  return {
    balance: account.creditBalance,
    held: Math.abs(holds._sum.amount ?? 0),
    lowThreshold: threshold,
    low: threshold > 0 && account.creditBalance < threshold,
  };
}

export const LEDGER_PAGE = 25;

/** The ledger, newest first, a page at a time (`cursor`: the last id of the previous page). */
export async function listLedger(
  db: Db,
  accountId: string,
  input: { cursor?: string | undefined; limit?: number },
) {
  const limit = Math.min(100, Math.max(1, input.limit ?? LEDGER_PAGE));
  const rows = await db.creditEntry.findMany({
    where: { accountId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      amount: true,
      reason: true,
      callId: true,
      balanceAfter: true,
      note: true,
      rate: true,
      settledAt: true,
      createdAt: true,
      actorUserId: true,
      call: { select: { durationSec: true, cost: true, phoneNumber: true } },
    },
  });
  const page = rows.slice(0, limit);
  const actorIds = [...new Set(page.map((r) => r.actorUserId).filter((id): id is string => !!id))];
  const users = actorIds.length
    ? await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return {
    entries: page.map((r) => ({
      id: r.id,
      amount: r.amount,
      reason: r.reason,
      callId: r.callId,
      balanceAfter: r.balanceAfter,
      note: r.note,
      rate: r.rate,
      open: r.reason === RESERVE_REASON && !r.settledAt,
      at: r.createdAt.toISOString(),
      by: r.actorUserId ? (names.get(r.actorUserId) ?? null) : null,
      durationSec: r.call?.durationSec ?? null,
      cost: r.reason === SETTLE_REASON ? (r.call?.cost ?? null) : null,
    })),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
