// Issue 17 H2 model 1 (SIP over WebSocket): the console's softphone. Not wired into a page yet;
// JsSIP itself loads only when a softphone registers or calls (see softphone.ts).
export type { TSoftphone, TSoftphoneCall, TSoftphoneOptions } from './softphone';
export { createSoftphone } from './softphone';
export type { TCallState, TEndReason, TFailureReason, TRegistrationState } from './softphone-state';
export { callEndReason, registrationFailure, targetUri } from './softphone-state';
