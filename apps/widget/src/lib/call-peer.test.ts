import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CallSignal, callClock, createCallPeer, type MediaState } from './call-peer';

describe('callClock', () => {
  const at = '2026-01-01T10:00:00.000Z';
  const t0 = Date.parse(at);
  it('counts from the answer, m:ss under an hour, h:mm:ss after', () => {
    expect(callClock(null, t0)).toBe('0:00');
    expect(callClock(at, t0 - 5000)).toBe('0:00');
    expect(callClock(at, t0 + 65_000)).toBe('1:05');
    expect(callClock(at, t0 + 3_725_000)).toBe('1:02:05');
  });
});

/** Just enough of RTCPeerConnection to drive the peer's logic without a browser. */
class FakePeerConnection {
  static last: FakePeerConnection;
  iceConnectionState = 'new';
  signalingState = 'stable';
  remoteDescription: unknown = null;
  offers: { iceRestart: boolean }[] = [];
  candidates: unknown[] = [];
  replaced: unknown[] = [];
  closed = false;
  onicecandidate: ((e: { candidate: unknown }) => void) | null = null;
  ontrack: ((e: unknown) => void) | null = null;
  oniceconnectionstatechange: (() => void) | null = null;
  constructor(readonly config: unknown) {
    FakePeerConnection.last = this;
  }
  addTrack() {
    return { replaceTrack: async (t: unknown) => void this.replaced.push(t) };
  }
  async createOffer(opts: { iceRestart?: boolean } = {}) {
    this.offers.push({ iceRestart: Boolean(opts.iceRestart) });
    return { type: 'offer', sdp: `offer-${this.offers.length}` };
  }
  async createAnswer() {
    return { type: 'answer', sdp: 'answer-1' };
  }
  async setLocalDescription(d: { type: string }) {
    this.signalingState = d.type === 'offer' ? 'have-local-offer' : 'stable';
  }
  async setRemoteDescription(d: unknown) {
    this.remoteDescription = d;
    this.signalingState = 'stable';
  }
  async addIceCandidate(c: unknown) {
    this.candidates.push(c);
  }
  close() {
    this.closed = true;
  }
  ice(state: string) {
    this.iceConnectionState = state;
    this.oniceconnectionstatechange?.();
  }
}

const track = { stop: vi.fn() };
const microphone = { getAudioTracks: () => [track], getTracks: () => [track] } as unknown as MediaStream;

function setUp(role: 'caller' | 'callee') {
  const sent: CallSignal[] = [];
  const media: MediaState[] = [];
  const peer = createCallPeer({
    role,
    iceServers: [],
    microphone,
    send: async (s) => void sent.push(s),
    onMedia: (m) => media.push(m),
    onRemoteAudio: () => {},
    restartAfterMs: 2000,
  });
  return { peer, pc: FakePeerConnection.last, sent, media };
}

describe('createCallPeer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('the caller offers; candidates that come before the answer wait for it', async () => {
    const { peer, pc, sent } = setUp('caller');
    await vi.runAllTimersAsync();
    expect(sent).toEqual([{ kind: 'offer', sdp: 'offer-1' }]);
    const candidate = { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 };
    await peer.receive({ kind: 'candidate', candidate });
    expect(pc.candidates).toEqual([]);
    await peer.receive({ kind: 'answer', sdp: 'answer-1' });
    expect(pc.candidates).toEqual([candidate]);
  });

  it('the callee answers an offer (also a second one: an ICE restart)', async () => {
    const { peer, sent } = setUp('callee');
    await peer.receive({ kind: 'offer', sdp: 'offer-1' });
    await peer.receive({ kind: 'offer', sdp: 'offer-2' });
    expect(sent.filter((s) => s.kind === 'answer')).toHaveLength(2);
  });

  it('shows reconnecting on an ICE disconnect and the caller restarts ICE if it does not recover', async () => {
    const { pc, sent, media } = setUp('caller');
    await vi.runAllTimersAsync();
    pc.ice('connected');
    pc.ice('disconnected');
    expect(media.at(-1)).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(2000);
    expect(pc.offers.at(-1)).toEqual({ iceRestart: true });
    expect(sent.filter((s) => s.kind === 'offer')).toHaveLength(2);
    pc.ice('connected');
    expect(media.at(-1)).toBe('connected');
  });

  it('a disconnect that recovers by itself restarts nothing; the callee never restarts', async () => {
    const caller = setUp('caller');
    await vi.runAllTimersAsync();
    caller.pc.ice('disconnected');
    caller.pc.ice('connected');
    await vi.advanceTimersByTimeAsync(5000);
    expect(caller.pc.offers).toHaveLength(1);
    const callee = setUp('callee');
    callee.pc.ice('failed');
    await vi.advanceTimersByTimeAsync(5000);
    expect(callee.pc.offers).toHaveLength(0);
    expect(callee.media.at(-1)).toBe('reconnecting');
  });

  it('mute takes the microphone off the sender; close stops it', async () => {
    const { peer, pc } = setUp('caller');
    await peer.setMuted(true);
    await peer.setMuted(false);
    expect(pc.replaced).toEqual([null, track]);
    peer.close();
    expect(pc.closed).toBe(true);
    expect(track.stop).toHaveBeenCalled();
  });
});
