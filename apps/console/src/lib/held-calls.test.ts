import { describe, expect, it } from 'vitest';
import { heldCalls, setHeldCalls } from './held-calls';

describe('held calls (named by the heartbeat)', () => {
  it('joins the holders once each, and a holder clears only its own', () => {
    setHeldCalls('call-center', ['a']);
    setHeldCalls('softphone', ['a', 'b']);
    expect(heldCalls().sort()).toEqual(['a', 'b']);
    setHeldCalls('softphone', []);
    expect(heldCalls()).toEqual(['a']);
    setHeldCalls('call-center', []);
    expect(heldCalls()).toEqual([]);
  });
});
