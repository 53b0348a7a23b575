/**
 * H1: one side of a call's audio (WebRTC), shared by the widget (the caller) and the console (the
 * callee). The server only relays `CallSignal`s between the two; this module owns the peer
 * connection: the microphone track, trickled ICE candidates (held until the remote description is
 * set), mute (the sender's track is removed, so no audio packets leave at all), and recovery: on an
 * ICE disconnect both sides show "reconnecting", and the caller restarts ICE with a new offer.
 */
export type CallSignal =
  | { kind: 'offer'; sdp: string }
  | { kind: 'answer'; sdp: string }
  | {
      kind: 'candidate';
      candidate: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null } | null;
    };

export type MediaState = 'connecting' | 'connected' | 'reconnecting' | 'failed';

export interface CallPeerOptions {
  /** The caller makes the offers (first and on ICE restart); the callee answers. */
  role: 'caller' | 'callee';
  iceServers: RTCIceServer[];
  microphone: MediaStream;
  send(signal: CallSignal): Promise<unknown>;
  onMedia(state: MediaState): void;
  onRemoteAudio(stream: MediaStream): void;
  /** How long a disconnect may last before the caller restarts ICE (browsers often recover alone). */
  restartAfterMs?: number;
}

export interface CallPeer {
  receive(signal: CallSignal): Promise<void>;
  setMuted(muted: boolean): Promise<void>;
  close(): void;
}

/** Asks for the microphone; the error's name tells permission (NotAllowedError) from no device. */
export function openMicrophone(): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({ audio: true, video: false });
}

export function createCallPeer(opts: CallPeerOptions): CallPeer {
  const pc = new RTCPeerConnection({ iceServers: opts.iceServers });
  const track = opts.microphone.getAudioTracks()[0] ?? null;
  const sender = track ? pc.addTrack(track, opts.microphone) : pc.addTransceiver('audio').sender;
  const held: RTCIceCandidateInit[] = [];
  let closed = false;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  const send = (signal: CallSignal) => opts.send(signal).catch(() => {});

  pc.onicecandidate = (e) => {
    const c = e.candidate;
    void send({
      kind: 'candidate',
      candidate: c ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex } : null,
    });
  };
  pc.ontrack = (e) => opts.onRemoteAudio(e.streams[0] ?? new MediaStream([e.track]));

  async function offer(iceRestart = false) {
    const description = await pc.createOffer({ iceRestart });
    await pc.setLocalDescription(description);
    await send({ kind: 'offer', sdp: description.sdp ?? '' });
  }

  pc.oniceconnectionstatechange = () => {
    if (closed) return;
    const state = pc.iceConnectionState;
    if (state === 'connected' || state === 'completed') {
      clearTimeout(restartTimer);
      restartTimer = undefined;
      opts.onMedia('connected');
    } else if (state === 'disconnected' || state === 'failed') {
      opts.onMedia('reconnecting');
      if (opts.role === 'caller' && !restartTimer)
        restartTimer = setTimeout(
          () => {
            restartTimer = undefined;
            if (!closed && pc.iceConnectionState !== 'connected' && pc.iceConnectionState !== 'completed')
              void offer(true).catch(() => opts.onMedia('failed'));
          },
          state === 'failed' ? 0 : (opts.restartAfterMs ?? 2000),
        );
    }
  };

  async function flush() {
    for (const c of held.splice(0)) await pc.addIceCandidate(c).catch(() => {});
  }

  opts.onMedia('connecting');
  if (opts.role === 'caller') void offer().catch(() => opts.onMedia('failed'));

  return {
    async receive(signal) {
      if (closed) return;
      if (signal.kind === 'offer') {
        await pc.setRemoteDescription({ type: 'offer', sdp: signal.sdp });
        await flush();
        const answer = await pc.createAnswer();
        await pc.setLocalDescription(answer);
        await send({ kind: 'answer', sdp: answer.sdp ?? '' });
      } else if (signal.kind === 'answer') {
        if (pc.signalingState !== 'have-local-offer') return;
        await pc.setRemoteDescription({ type: 'answer', sdp: signal.sdp });
        await flush();
      } else if (signal.candidate) {
        if (pc.remoteDescription) await pc.addIceCandidate(signal.candidate).catch(() => {});
        else held.push(signal.candidate);
      }
    },
    async setMuted(muted) {
      await sender.replaceTrack(muted ? null : track);
    },
    close() {
      closed = true;
      clearTimeout(restartTimer);
      pc.close();
      for (const t of opts.microphone.getTracks()) t.stop();
    },
  };
}

/** "m:ss" (or "h:mm:ss") of a call that was answered at `answeredAt`. */
export function callClock(answeredAt: string | null, now: number): string {
  const total = answeredAt ? Math.max(0, Math.floor((now - Date.parse(answeredAt)) / 1000)) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
