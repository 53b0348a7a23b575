// J6 billing's public face: the plans feature's Pro page renders BillingActions when billing is available.
export { BillingActions } from './billing-actions';
