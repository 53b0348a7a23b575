import { router } from '../../trpc';
import { cancelProcedure } from './cancel';
import { changePlanProcedure } from './change-plan';
import { checkoutProcedure } from './checkout';
import { getStatusProcedure } from './get-status';
import { listInvoicesProcedure } from './list-invoices';
import { topUpProcedure } from './top-up';

/** J6 billing (domain/billing), owner-only: checkout, plan change, cancel, paid top-ups, invoices. */
export const billingRouter = router({
  status: getStatusProcedure,
  checkout: checkoutProcedure,
  changePlan: changePlanProcedure,
  cancel: cancelProcedure,
  topUp: topUpProcedure,
  invoices: listInvoicesProcedure,
});
