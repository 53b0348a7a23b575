import { describe, expect, it } from 'vitest';
import { callEndReason, registrationFailure, targetUri } from './softphone-state';

describe('softphone states', () => {
  it('tells a wrong password from a dead server', () => {
    expect(registrationFailure('Authentication Error', 401)).toBe('auth');
    expect(registrationFailure('SIP Failure Code', 403)).toBe('auth');
    expect(registrationFailure('Connection Error')).toBe('connection');
    expect(registrationFailure('Request Timeout')).toBe('timeout');
    expect(registrationFailure('SIP Failure Code', 500)).toBe('rejected');
  });

  it('names why a call ended', () => {
    expect(callEndReason('Terminated')).toBe('hung-up');
    expect(callEndReason('Busy', 486)).toBe('busy');
    expect(callEndReason('Rejected', 603)).toBe('declined');
    expect(callEndReason('Unavailable', 480)).toBe('unavailable');
    expect(callEndReason('User Denied Media Access')).toBe('microphone');
    expect(callEndReason('Something new')).toBe('rejected');
  });

  it('dials a number or user at the softphone’s domain, a URI as is', () => {
    const own = 'sip:agent@pbx.example.com';
    expect(targetUri('+90 (212) 555-01-02', own)).toBe('sip:+902125550102@pbx.example.com');
    expect(targetUri('agent-b', own)).toBe('sip:agent-b@pbx.example.com');
    expect(targetUri('bob@other.example', own)).toBe('sip:bob@other.example');
    expect(targetUri('sips:bob@other.example', own)).toBe('sips:bob@other.example');
    expect(() => targetUri('  ', own)).toThrow();
  });
});
