// Issue 17 H2 model 1 (SIP over WebSocket): the console's softphone. The provider (mounted by the
// app shell) registers when the account has a SIP phone channel; softphone.ts and JsSIP load only
// then, as their own chunk (the provider imports them dynamically).

export {
  endedReport,
  SoftphoneProvider,
  type TOutgoing,
  type TPhoneChannel,
  type TSoftphoneStatus,
  useSoftphone,
} from './components/softphone-provider';
export type { TSoftphone, TSoftphoneCall, TSoftphoneOptions } from './softphone';
export { createSoftphone } from './softphone';
export type { TCallState, TEndReason, TFailureReason, TRegistrationState } from './softphone-state';
export { callEndReason, registrationFailure, targetUri } from './softphone-state';
