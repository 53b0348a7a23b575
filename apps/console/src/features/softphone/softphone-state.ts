/**
 * The softphone's states and failure reasons, without JsSIP: what the console shows and tests check.
 * JsSIP reports failures as a `cause` string plus, for SIP failures, the response's status code; we
 * reduce them to a few reasons a message can be written for.
 */

export type TRegistrationState =
  | { kind: 'idle' }
  | { kind: 'registering' }
  | { kind: 'registered' }
  | { kind: 'unregistered' }
  | { kind: 'failed'; reason: TFailureReason; detail: string };

export type TCallState =
  /** Incoming, not yet accepted or declined. */
  | { kind: 'ringing' }
  /** Outgoing: INVITE sent (trying, or the other side rings). */
  | { kind: 'calling'; remoteRinging: boolean }
  | { kind: 'in-call'; muted: boolean }
  | { kind: 'ended'; reason: TEndReason; detail: string };

export type TFailureReason =
  /** 401/403/407 or a wrong password: credentials need fixing. */
  | 'auth'
  /** The WebSocket could not be opened or dropped (server down, wrong URL, TLS, firewall). */
  | 'connection'
  /** No reply in time. */
  | 'timeout'
  /** Anything else the server refused with. */
  | 'rejected'
  | 'internal';

export type TEndReason =
  | 'hung-up'
  | 'declined'
  | 'busy'
  | 'unavailable'
  | 'not-found'
  | 'canceled'
  | 'no-answer'
  | 'microphone'
  | 'media'
  | TFailureReason;

/** JsSIP's `causes` values (JsSIP.C.causes), as strings so this file does not import JsSIP. */
const CAUSE_TO_REASON: Record<string, TEndReason> = {
  'Connection Error': 'connection',
  'Request Timeout': 'timeout',
  'Authentication Error': 'auth',
  Terminated: 'hung-up',
  Busy: 'busy',
  Rejected: 'declined',
  Unavailable: 'unavailable',
  'Not Found': 'not-found',
  'Address Incomplete': 'not-found',
  Canceled: 'canceled',
  'No Answer': 'no-answer',
  'User Denied Media Access': 'microphone',
  'Incompatible SDP': 'media',
  'Missing SDP': 'media',
  'Bad Media Description': 'media',
  'WebRTC Error': 'media',
  'RTP Timeout': 'media',
  'No ACK': 'timeout',
  'Internal Error': 'internal',
};

/** Why a registration failed, from JsSIP's `registrationFailed` cause and the reply's status code. */
export function registrationFailure(cause: string | undefined, statusCode?: number): TFailureReason {
  if (statusCode === 401 || statusCode === 403 || statusCode === 407 || cause === 'Authentication Error')
    return 'auth';
  const reason = cause ? CAUSE_TO_REASON[cause] : undefined;
  if (reason === 'connection' || reason === 'timeout' || reason === 'internal') return reason;
  return statusCode ? 'rejected' : 'internal';
}

/** Why a call ended or failed, from JsSIP's `ended`/`failed` event cause. */
export function callEndReason(cause: string | undefined, statusCode?: number): TEndReason {
  if (statusCode === 401 || statusCode === 407) return 'auth';
  return (cause && CAUSE_TO_REASON[cause]) || 'rejected';
}

/** `sip:` URI for a dialled target: a full URI as is, a user or number at the softphone's domain. */
export function targetUri(target: string, ownUri: string): string {
  const trimmed = target.trim();
  if (!trimmed) throw new Error('empty call target');
  if (/^sips?:/i.test(trimmed)) return trimmed;
  if (trimmed.includes('@')) return `sip:${trimmed}`;
  const domain = ownUri.replace(/^sips?:/i, '').split('@')[1];
  if (!domain) throw new Error(`cannot tell the domain of ${ownUri}`);
  // A phone number as typed ("+90 (212) 555-01-02"): drop the separators; a user name stays as is.
  const user = /^[+\d\s().*#-]+$/.test(trimmed) ? trimmed.replace(/[\s().-]/g, '') : trimmed;
  return `sip:${user}@${domain}`;
}
