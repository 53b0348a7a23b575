import { router } from '../../trpc';
import { getBalanceProcedure } from './get-balance';
import { listLedgerProcedure } from './list-ledger';
import { setLowThresholdProcedure } from './set-low-threshold';
import { topUpProcedure } from './top-up';

/** H4 call balance (domain/calls/balance), owner-only: the balance, the ledger, top-ups, the warning. */
export const balanceRouter = router({
  get: getBalanceProcedure,
  ledger: listLedgerProcedure,
  topUp: topUpProcedure,
  setLowThreshold: setLowThresholdProcedure,
});
