import { describe, expect, it } from 'vitest';
import { endedReport } from './softphone-provider';

describe('endedReport (what the server records for an ended SIP call)', () => {
  it('a connected call: who hung up, or failed media', () => {
    expect(endedReport('hung-up', true, true)).toBe('hangup');
    expect(endedReport('hung-up', true, false)).toBe('remote-hangup');
    expect(endedReport('media', true, false)).toBe('failed');
  });
  it('a call that never connected: the SIP outcome', () => {
    expect(endedReport('busy', false, false)).toBe('busy');
    expect(endedReport('declined', false, false)).toBe('rejected');
    expect(endedReport('no-answer', false, false)).toBe('no-answer');
    expect(endedReport('unavailable', false, false)).toBe('no-answer');
    expect(endedReport('canceled', false, false)).toBe('canceled');
    expect(endedReport('not-found', false, false)).toBe('failed');
    // The agent gave up before an answer.
    expect(endedReport('canceled', false, true)).toBe('canceled');
  });
});
