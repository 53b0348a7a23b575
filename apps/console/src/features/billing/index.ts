// The billing feature's public face (J6): the Pro page renders BillingActions when billing exists.
export { BillingActions } from './billing-actions';
