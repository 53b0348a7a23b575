import { scopeToAccount } from '@parley/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFor,
  createTestDeps,
  errorOf,
  seedAccount,
  type TestDeps,
  visitorCaller,
} from '../../../test/harness';
import { costOf, RESERVE_REASON, reserveCallCredit, SETTLE_REASON, settleCallCredit } from './balance';
import { settleOpenReservations } from './balance-sweep';

// H4: the credit ledger on a real database (SQLite; PostgreSQL with DATABASE_URL): top-up, reserve,
// settle (once), refuse when short, concurrent reservations never overspend, a hold left open by a
// process that died is settled by the sweep, and only the account's owner reaches any of it.

let deps: TestDeps;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;

const owner = () => callerFor(deps, acme.owner.token);
const db = () => scopeToAccount(deps.db, acme.account.id);

async function phoneCall(status: 'active' | 'ended' = 'active', accountId = acme.account.id) {
  return deps.db.call.create({
    data: {
      accountId,
      direction: 'outbound',
      via: 'phone-test',
      kind: 'phone',
      phoneNumber: '+902125550000',
      status,
      answeredAt: new Date(),
    },
  });
}

/** The ledger's sum equals the stored balance, and the balance never went below zero. */
async function expectConsistent(accountId = acme.account.id) {
  const sum = await deps.db.creditEntry.aggregate({ where: { accountId }, _sum: { amount: true } });
  const account = await deps.db.account.findUniqueOrThrow({ where: { id: accountId } });
  expect(account.creditBalance).toBe(sum._sum.amount ?? 0);
  expect(account.creditBalance).toBeGreaterThanOrEqual(0);
  const negative = await deps.db.creditEntry.count({ where: { accountId, balanceAfter: { lt: 0 } } });
  expect(negative).toBe(0);
}

beforeAll(async () => {
  deps = await createTestDeps();
  acme = await seedAccount(deps, 'Acme');
  other = await seedAccount(deps, 'Other');
});
afterAll(() => deps.cleanup());

describe('call balance (H4)', () => {
  it('costs whole minutes started, never more than the hold', () => {
    expect(costOf(500, 100, 0)).toBe(0);
    expect(costOf(500, 100, 1)).toBe(100);
    expect(costOf(500, 100, 61)).toBe(200);
    expect(costOf(500, 100, 3600)).toBe(500);
    expect(costOf(500, 0, 3600)).toBe(0);
  });

  it('an owner tops up with a ledger line and an audit line; the balance is the sum', async () => {
    const res = await owner().balance.topUp({ amount: 1000, note: '  bank transfer 42  ' });
    expect(res.balance).toBe(1000);
    const ledger = await owner().balance.ledger({});
    expect(ledger.entries[0]).toMatchObject({
      amount: 1000,
      reason: 'topup',
      balanceAfter: 1000,
      note: 'bank transfer 42',
    });
    expect(ledger.entries[0]?.by).toBe('Acme owner');
    const auditLine = await deps.db.auditEvent.findFirst({
      where: { accountId: acme.account.id, action: 'credit.topup' },
    });
    expect(auditLine).toMatchObject({ actorUserId: acme.owner.id, targetId: ledger.entries[0]?.id });
    expect(auditLine?.data).toMatchObject({ amount: 1000, balanceAfter: 1000 });
    await expectConsistent();
  });

  it('reserves at start, settles once on the real duration, releasing the rest', async () => {
    const call = await phoneCall();
    const hold = await reserveCallCredit(db(), acme.account.id, {
      callId: call.id,
      ratePerMinute: 20,
      maxMinutes: 10,
    });
    expect(hold).toMatchObject({ held: 200, maxSeconds: 600 });
    // Idempotent: the same call holds once.
    expect(
      await reserveCallCredit(db(), acme.account.id, { callId: call.id, ratePerMinute: 20 }),
    ).toMatchObject({
      held: 200,
    });
    expect(await owner().balance.get()).toMatchObject({ balance: 800, held: 200 });

    const settle = () => db().$transaction((tx) => settleCallCredit(tx, acme.account.id, call.id, 125));
    const [first, second] = await Promise.all([settle(), settle()]);
    expect([first, second].filter(Boolean)).toEqual([{ cost: 60, released: 140 }]);
    expect(await settle()).toBeNull();
    expect(await owner().balance.get()).toMatchObject({ balance: 940, held: 0 });
    expect((await deps.db.call.findUniqueOrThrow({ where: { id: call.id } })).cost).toBe(60);
    expect(await deps.db.creditEntry.count({ where: { callId: call.id, reason: SETTLE_REASON } })).toBe(1);
    await expectConsistent();
  });

  it('a free (rate 0) call holds nothing and settling it changes nothing', async () => {
    const call = await phoneCall();
    expect(await reserveCallCredit(db(), acme.account.id, { callId: call.id, ratePerMinute: 0 })).toEqual({
      callId: call.id,
      ratePerMinute: 0,
      held: 0,
      maxSeconds: null,
    });
    expect(await db().$transaction((tx) => settleCallCredit(tx, acme.account.id, call.id, 300))).toBeNull();
    expect(await deps.db.creditEntry.count({ where: { callId: call.id } })).toBe(0);
  });

  it('refuses a call when less than a minute is left, with a localisable code', async () => {
    const call = await phoneCall();
    const err = await reserveCallCredit(db(), acme.account.id, {
      callId: call.id,
      ratePerMinute: 5000,
    }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'conflict', code: 'call.balance_short' });
    expect(await deps.db.creditEntry.count({ where: { callId: call.id } })).toBe(0);
  });

  it('concurrent reservations never overspend (two calls at once cannot both take the last credit)', async () => {
    // Spend down to exactly 1000.
    await owner().balance.topUp({ amount: 500 });
    const now = (await owner().balance.get()).balance;
    expect(now).toBeGreaterThan(1000);
    const burn = await phoneCall();
    await reserveCallCredit(db(), acme.account.id, {
      callId: burn.id,
      ratePerMinute: now - 1000,
      maxMinutes: 1,
    });
    expect((await owner().balance.get()).balance).toBe(1000);

    // Ten calls at once, each wanting 3 minutes at 100: 1000 covers three holds of 300 and one of 100.
    const calls = await Promise.all(Array.from({ length: 10 }, () => phoneCall()));
    const results = await Promise.allSettled(
      calls.map((c) =>
        reserveCallCredit(db(), acme.account.id, { callId: c.id, ratePerMinute: 100, maxMinutes: 3 }),
      ),
    );
    const held = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.held] : []));
    const refused = results.flatMap((r) =>
      r.status === 'rejected' ? [(r.reason as { code: string }).code] : [],
    );
    expect(held.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(held.sort()).toEqual([100, 300, 300, 300]);
    expect(refused).toEqual(Array(6).fill('call.balance_short'));
    expect((await owner().balance.get()).balance).toBe(0);
    await expectConsistent();

    // Two calls racing for the last minute: exactly one wins.
    await owner().balance.topUp({ amount: 100 });
    const [x, y] = await Promise.all([phoneCall(), phoneCall()]);
    const race = await Promise.allSettled(
      [x, y].map((c) => reserveCallCredit(db(), acme.account.id, { callId: c.id, ratePerMinute: 100 })),
    );
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    await expectConsistent();
  });

  it('after a restart the sweep settles holds of calls that ended or vanished, and leaves live calls alone', async () => {
    await owner().balance.topUp({ amount: 3000 });
    // Holds made by a process that then died: its calls' finish never settled them.
    const ended = await phoneCall();
    const vanished = await phoneCall();
    const live = await phoneCall();
    for (const c of [ended, vanished, live])
      await reserveCallCredit(db(), acme.account.id, { callId: c.id, ratePerMinute: 10, maxMinutes: 10 });
    await deps.db.call.update({
      where: { id: ended.id },
      data: { status: 'ended', endedAt: new Date(), durationSec: 181 },
    });
    await deps.db.call.delete({ where: { id: vanished.id } });
    const before = (await owner().balance.get()).balance;

    // The freshly started process's first sweep (it runs shortly after start, then every minute).
    const settledBySweep = await settleOpenReservations({ systemDb: deps.systemDb });
    expect(settledBySweep).toBeGreaterThanOrEqual(2);
    expect(await settleOpenReservations({ systemDb: deps.systemDb })).toBe(0);
    // ended: 4 minutes started at 10 → cost 40, 60 released; vanished: all 100 released.
    expect((await owner().balance.get()).balance).toBe(before + 60 + 100);
    expect((await deps.db.call.findUniqueOrThrow({ where: { id: ended.id } })).cost).toBe(40);
    const liveHold = await deps.db.creditEntry.findFirstOrThrow({
      where: { callId: live.id, reason: RESERVE_REASON },
    });
    expect(liveHold.settledAt).toBeNull();
    const gone = await deps.db.creditEntry.findFirstOrThrow({
      where: { accountId: acme.account.id, ref: `call:${vanished.id}:settle` },
    });
    expect(gone).toMatchObject({ amount: 100, callId: null });
    await expectConsistent();
  });

  it('a call ended through H1’s finish (hang-up) settles its hold in the same transaction', async () => {
    const admin = callerFor(deps, acme.admin.token);
    const channel = await admin.channels.create({ kind: 'website', name: 'Shop' });
    await admin.channels.update({ id: channel.id, config: { calls: { enabled: true, ringSeconds: 30 } } });
    await deps.db.user.update({ where: { id: acme.agent.id }, data: { presence: 'online' } });
    const started = await callerFor(deps, undefined, '198.51.100.40').widget.start({
      channelKey: channel.publicKey,
      page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    });
    const visitor = visitorCaller(deps, started.visitorToken, '198.51.100.40');
    const { call } = await visitor.calls.start();
    // A rate applied to this call (as a phone plugin's would): it holds credit from the start.
    await reserveCallCredit(db(), acme.account.id, { callId: call.id, ratePerMinute: 7, maxMinutes: 2 });
    const agent = callerFor(deps, acme.agent.token);
    await agent.calls.accept({ callId: call.id });
    await agent.calls.hangup({ callId: call.id });
    const hold = await deps.db.creditEntry.findFirstOrThrow({
      where: { callId: call.id, reason: RESERVE_REASON },
    });
    expect(hold.settledAt).not.toBeNull();
    const row = await deps.db.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(row.cost).toBe(costOf(14, 7, row.durationSec));
    await expectConsistent();
  });

  it('pages the ledger newest first', async () => {
    const first = await owner().balance.ledger({ limit: 3 });
    expect(first.entries).toHaveLength(3);
    expect(first.nextCursor).toBe(first.entries[2]?.id);
    const second = await owner().balance.ledger({ limit: 3, cursor: first.nextCursor ?? undefined });
    expect(second.entries[0]?.id).not.toBe(first.entries[2]?.id);
    expect(new Set([...first.entries, ...second.entries].map((e) => e.id)).size).toBe(6);
    const all = await deps.db.creditEntry.count({ where: { accountId: acme.account.id } });
    let seen = 0;
    let cursor: string | undefined;
    for (;;) {
      const page = await owner().balance.ledger({ limit: 10, ...(cursor ? { cursor } : {}) });
      seen += page.entries.length;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toBe(all);
  });

  it('the low-balance warning follows the owner’s threshold', async () => {
    const { balance } = await owner().balance.get();
    expect((await owner().balance.setLowThreshold({ threshold: balance + 1 })).low).toBe(true);
    expect((await owner().balance.setLowThreshold({ threshold: 0 })).low).toBe(false);
    expect(
      await deps.db.auditEvent.count({ where: { accountId: acme.account.id, action: 'credit.threshold' } }),
    ).toBe(2);
  });

  it('only the account’s owner: agents and admins are refused, another account sees only its own', async () => {
    for (const token of [acme.agent.token, acme.admin.token]) {
      const api = callerFor(deps, token);
      expect((await errorOf(api.balance.get())).code).toBe('FORBIDDEN');
      expect((await errorOf(api.balance.ledger({}))).code).toBe('FORBIDDEN');
      expect((await errorOf(api.balance.topUp({ amount: 5 }))).code).toBe('FORBIDDEN');
      expect((await errorOf(api.balance.setLowThreshold({ threshold: 5 }))).code).toBe('FORBIDDEN');
    }
    expect((await errorOf(callerFor(deps).balance.get())).code).toBe('UNAUTHORIZED');
    const foreign = callerFor(deps, other.owner.token);
    expect(await foreign.balance.get()).toMatchObject({ balance: 0, held: 0 });
    expect((await foreign.balance.ledger({})).entries).toEqual([]);
    // Acme's entry id as a cursor shows nothing of Acme.
    const acmeEntry = (await owner().balance.ledger({ limit: 1 })).entries[0];
    const viaCursor = await foreign.balance.ledger({ cursor: acmeEntry?.id }).catch(() => ({ entries: [] }));
    expect(viaCursor.entries).toEqual([]);
    await foreign.balance.topUp({ amount: 7 });
    expect((await foreign.balance.get()).balance).toBe(7);
    await expectConsistent(other.account.id);
    // Hostile amounts are refused by the input schema.
    for (const amount of [0, -5, 1.5, 1e12])
      expect((await errorOf(owner().balance.topUp({ amount }))).code).toBe('BAD_REQUEST');
  });
});
