import { describe, expect, it } from 'vitest';
import { routeOf, type TSipCalls } from './sip-calls';

/** A softphone whose `incoming` report for `id` answers when `answer()` is called. */
function softphone(id: string) {
  const known = new Set<string>();
  let answer = () => {};
  const inFlight = new Promise<void>((resolve) => {
    answer = () => {
      known.add(id);
      resolve();
    };
  });
  const sip = {
    owns: (callId: string) => known.has(callId),
    settled: () => inFlight,
  } as unknown as TSipCalls;
  return { sip, answer };
}

describe('routeOf (which path Accept and Decline take)', () => {
  it('an Accept clicked before the softphone learnt the call id waits, then answers the SIP session', async () => {
    const { sip, answer } = softphone('c1');
    const route = routeOf({ id: 'c1', kind: 'phone' }, sip);
    let done = false;
    void route.then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    answer();
    expect(await route).toBe('sip');
  });

  it('a call already known as ours goes to the SIP session at once', async () => {
    const { sip, answer } = softphone('c1');
    answer();
    expect(await routeOf({ id: 'c1', kind: 'phone' }, sip)).toBe('sip');
  });

  it('a phone call that is not ours is bridged; a widget call is WebRTC', async () => {
    const { sip, answer } = softphone('other');
    answer();
    expect(await routeOf({ id: 'c1', kind: 'phone' }, sip)).toBe('bridge');
    expect(await routeOf({ id: 'c1', kind: 'phone' }, null)).toBe('bridge');
    expect(await routeOf({ id: 'c1', kind: 'webrtc' }, sip)).toBe('webrtc');
  });
});
