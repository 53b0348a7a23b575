import { describe, expect, it } from 'vitest';
import { readLiveEvent } from './chat-types';

describe('readLiveEvent', () => {
  it('unwraps tracked envelopes and passes bare (typing) events through', () => {
    const conversation = { type: 'visitor.read', conversationId: 'c1', at: '2026-01-01T00:00:00.000Z' };
    expect(readLiveEvent({ id: '42', data: conversation })).toEqual(conversation);
    const typing = { type: 'typing', conversationId: 'c1', text: 'hel' };
    expect(readLiveEvent(typing)).toEqual(typing);
  });

  it('knows every event type the API declares (processes.changed was once missing)', () => {
    const changed = { type: 'processes.changed' };
    expect(readLiveEvent({ id: '7', data: changed })).toEqual(changed);
  });

  it('ignores unknown event types and garbage', () => {
    expect(readLiveEvent({ id: '1', data: { type: 'something.new' } })).toBeNull();
    expect(readLiveEvent(null)).toBeNull();
    expect(readLiveEvent('typing')).toBeNull();
    expect(readLiveEvent({ id: '1', data: null })).toBeNull();
  });
});
