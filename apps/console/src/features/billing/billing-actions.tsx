/**
 * J6: the Pro page's buy / change / cancel buttons and invoices, shown only when the server has a
 * billing plugin (`plans.current` → `billingAvailable`). A placeholder: the billing branch replaces
 * this file with the real actions (checkout, subscription changes, invoices, top-ups).
 */
export function BillingActions(_props: { currentPlanId: string }) {
  return null;
}
