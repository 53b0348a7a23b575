import { type CallPeer, type CallSignal, createCallPeer, openMicrophone } from '../../lib/call-peer';
import type { IceServer, StartCallOutput, WidgetCall } from '../../types';
import type { RpcError, WidgetSocket } from '../rpc';
import type { ChatState, SessionStore } from '../session-state';

const ENDED = new Set(['ended', 'missed', 'declined', 'failed']);

/**
 * H1, the visitor's side of a call (this chunk loads when the visitor first presses Call): the
 * microphone, `calls.start`, the peer connection once an agent accepts (the visitor makes the offer),
 * the signals both ways, mute and hang-up. The state the UI shows is `ChatState.call`.
 */
export class CallController {
  private peer: CallPeer | null = null;
  private mic: MediaStream | null = null;
  private iceServers: IceServer[] = [];
  private callId: string | null = null;
  /** Events of our call that arrived before `calls.start` answered with its id. */
  private early: WidgetCall[] = [];
  private audio: HTMLAudioElement | null = null;

  constructor(
    private readonly store: SessionStore,
    private readonly socket: () => WidgetSocket | null,
    private readonly visitorToken: () => string | null,
  ) {
    // A full page load ends the call with this page: hang up over HTTP (the socket is going away), so
    // the agent's side ends now instead of waiting for them.
    addEventListener('pagehide', () => {
      const callId = this.callId;
      const token = this.visitorToken();
      if (!callId || !token) return;
      void fetch('/trpc/calls.visitorHangup', {
        method: 'POST',
        keepalive: true,
        headers: { 'content-type': 'application/json', 'x-parley-visitor': token },
        body: JSON.stringify({ callId }),
      }).catch(() => {});
    });
  }

  private setCall(patch: Partial<NonNullable<ChatState['call']>> | null) {
    const current = this.store.state.call;
    this.store.set({
      call: patch && current ? { ...current, ...patch } : patch ? { ...emptyCall(), ...patch } : null,
    });
  }

  get busy(): boolean {
    return this.store.state.call !== null;
  }

  async start(): Promise<void> {
    const socket = this.socket();
    if (!socket || this.busy) return;
    this.store.set({ call: { ...emptyCall(), status: 'ringing' }, callNotice: null });
    try {
      this.mic = await openMicrophone();
    } catch (err) {
      const denied = (err as { name?: string }).name === 'NotAllowedError';
      this.finish(denied ? 'micDenied' : 'noMic');
      return;
    }
    try {
      const out = await socket.calls<StartCallOutput>('start', {});
      this.callId = out.call.id;
      this.iceServers = out.iceServers;
      this.setCall({ id: out.call.id });
      this.apply(out.call);
      for (const call of this.early.splice(0)) this.apply(call);
    } catch (err) {
      const code = (err as RpcError).appCode;
      this.finish(code === 'call.no_agents' || code === 'call.not_allowed' ? 'noAgents' : 'error');
    }
  }

  /** A `call.updated` event (or start's answer). */
  apply(call: WidgetCall): void {
    if (!this.callId) {
      if (this.busy) this.early.push(call);
      return;
    }
    if (call.id !== this.callId) return;
    if (ENDED.has(call.status)) {
      this.finish(call.status, call.durationSec);
      return;
    }
    this.setCall({ status: call.status, agent: call.agent, answeredAt: call.answeredAt });
    if (call.status === 'active' && !this.peer && this.mic) this.connect(call.id);
  }

  private connect(callId: string) {
    this.peer = createCallPeer({
      role: 'caller',
      iceServers: this.iceServers,
      microphone: this.mic as MediaStream,
      send: (signal) => this.socket()?.calls('visitorSignal', { callId, signal }) ?? Promise.resolve(),
      onMedia: (media) => this.setCall({ media }),
      onRemoteAudio: (stream) => {
        this.audio ??= new Audio();
        this.audio.srcObject = stream;
        void this.audio.play().catch(() => {});
      },
    });
  }

  signal(callId: string, signal: CallSignal): void {
    if (callId === this.callId) void this.peer?.receive(signal).catch(() => {});
  }

  async setMuted(muted: boolean): Promise<void> {
    await this.peer?.setMuted(muted);
    this.setCall({ muted });
  }

  async hangUp(): Promise<void> {
    const callId = this.callId;
    if (!callId) {
      this.finish(null);
      return;
    }
    await this.socket()
      ?.calls('visitorHangup', { callId })
      .catch(() => {});
    // The call.updated event ends it too; a lost socket must not leave the bar up.
    if (this.callId === callId) this.finish('ended', this.durationNow());
  }

  dismiss(): void {
    this.store.set({ callNotice: null });
  }

  private durationNow(): number | null {
    const at = this.store.state.call?.answeredAt;
    return at ? Math.floor((Date.now() - Date.parse(at)) / 1000) : null;
  }

  private finish(key: string | null, durationSec?: number | null) {
    this.peer?.close();
    this.peer = null;
    for (const t of this.mic?.getTracks() ?? []) t.stop();
    this.mic = null;
    if (this.audio) this.audio.srcObject = null;
    this.callId = null;
    this.early = [];
    this.store.set({ call: null, callNotice: key ? { key, durationSec: durationSec ?? null } : null });
  }
}

const emptyCall = (): NonNullable<ChatState['call']> => ({
  id: null,
  status: 'ringing',
  agent: null,
  answeredAt: null,
  media: null,
  muted: false,
});
