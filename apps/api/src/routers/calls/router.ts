import { router } from '../../trpc';
import { acceptCallProcedure } from './accept-call';
import { declineCallProcedure } from './decline-call';
import { dialNumberProcedure } from './dial-number';
import { getPhoneSettingsProcedure } from './get-phone-settings';
import { hangUpCallProcedure } from './hang-up-call';
import { hangUpVisitorCallProcedure } from './hang-up-visitor-call';
import { listCurrentProcedure } from './list-current';
import { listRecentPhoneProcedure } from './list-recent-phone';
import { reportSoftphoneEventProcedure } from './report-softphone-event';
import { sendSignalProcedure } from './send-signal';
import { sendVisitorSignalProcedure } from './send-visitor-signal';
import { setPhoneNumberProcedure } from './set-phone-number';
import { softphoneCredentialsProcedure } from './softphone-credentials';
import { startCallProcedure } from './start-call';

/**
 * H1 calls (domain/calls): the visitor's side (`start`, `visitorSignal`, `visitorHangup`, visitor
 * token) and the agent's (`accept`, `decline`, `signal`, `hangup`, `current`). Signalling goes out on
 * the existing subscriptions: `widget.events` and `live.console`.
 */
export const callsRouter = router({
  start: startCallProcedure,
  visitorSignal: sendVisitorSignalProcedure,
  visitorHangup: hangUpVisitorCallProcedure,
  accept: acceptCallProcedure,
  decline: declineCallProcedure,
  signal: sendSignalProcedure,
  hangup: hangUpCallProcedure,
  current: listCurrentProcedure,
  // H2: phone calls through the account's phone channel (domain/calls/phone.ts).
  dial: dialNumberProcedure,
  phoneSettings: getPhoneSettingsProcedure,
  setPhoneNumber: setPhoneNumberProcedure,
  recentPhone: listRecentPhoneProcedure,
  // H2 softphone model (SIP over WebSocket): the console registers and reports (domain/calls/softphone.ts).
  softphoneCredentials: softphoneCredentialsProcedure,
  softphoneEvent: reportSoftphoneEventProcedure,
});
