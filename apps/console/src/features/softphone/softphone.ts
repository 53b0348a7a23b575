import type { RTCSession } from 'jssip/lib/RTCSession';
import type { RTCSessionEvent, UA } from 'jssip/lib/UA';
import { applySpeaker, openChosenMicrophone } from '../calls';
import {
  callEndReason,
  registrationFailure,
  type TCallState,
  type TRegistrationState,
  targetUri,
} from './softphone-state';

/**
 * Issue 17 H2 model 1: a SIP over WebSocket (RFC 7118) softphone for the console, on JsSIP.
 * JsSIP is imported only when `register()` first runs, so it lands in its own chunk and the console's
 * first load does not carry it. Not wired into a page yet: the `phone` capability will hand it the
 * agent's SIP credentials.
 */

type TJsSip = typeof import('jssip');

export type TSoftphoneOptions = {
  /** `wss://pbx.example.com:8089/ws`; several are tried in order (JsSIP's socket list). */
  wsServers: string[];
  /** The agent's address of record, `sip:agent@pbx.example.com`. */
  uri: string;
  /** Digest user when it differs from the URI's user. */
  authorizationUser?: string;
  password?: string;
  displayName?: string;
  /** STUN/TURN for the media; the same servers as H1 calls. */
  iceServers?: RTCIceServer[];
  /**
   * The agent's device choice (Settings → Calls: `loadCallSettings(localStorage, userId)`), read
   * only. Empty ids mean the system default.
   */
  devices?: { microphoneId: string; speakerId: string };
  /** Where the other side's audio plays; one is created (not in the DOM) when omitted. */
  audioElement?: HTMLAudioElement;
  /** Seconds; the registrar may shorten it. */
  registerExpires?: number;
  /** Tests load JsSIP differently; the product never sets this. */
  loadSip?: () => Promise<TJsSip>;
};

export type TSoftphoneCall = {
  readonly id: string;
  readonly direction: 'incoming' | 'outgoing';
  /** The other side: `sip:` URI and display name when sent. */
  readonly remote: { uri: string; displayName: string };
  readonly state: TCallState;
  /** Incoming only: answer with the chosen microphone. */
  accept(): Promise<void>;
  /** Incoming only, while ringing: 486 Busy Here (the caller hears busy, not an error). */
  decline(): void;
  /** Ends the call in any state (CANCEL while calling, BYE once connected). */
  hangUp(): void;
  /** Stops sending audio (no packets at all, not silence) without renegotiating. */
  setMuted(muted: boolean): Promise<void>;
  /** The media connection once it exists (for getStats); null before. */
  readonly peerConnection: RTCPeerConnection | null;
  onState(listener: (state: TCallState) => void): () => void;
};

export type TSoftphone = {
  readonly registration: TRegistrationState;
  /** Connects and registers; resolves once registered, rejects with the failed state's detail. */
  register(): Promise<void>;
  unregister(): Promise<void>;
  /** A user, number or `sip:` URI; a bare user/number is dialled at the softphone's own domain. */
  call(target: string): Promise<TSoftphoneCall>;
  onRegistration(listener: (state: TRegistrationState) => void): () => void;
  onIncoming(listener: (call: TSoftphoneCall) => void): () => void;
  /** Hangs up every call, unregisters and closes the WebSocket. */
  close(): Promise<void>;
};

const loadJsSip = () => import('jssip');

function emitter<T>() {
  const listeners = new Set<(value: T) => void>();
  return {
    on(listener: (value: T) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(value: T) {
      for (const listener of [...listeners]) listener(value);
    },
  };
}

type TReply = { status_code?: number; reason_phrase?: string } | undefined;
const detailOf = (cause: string | undefined, message: unknown) => {
  const reply = message as TReply;
  return reply?.status_code ? `${reply.status_code} ${reply.reason_phrase ?? ''}`.trim() : (cause ?? '');
};

export function createSoftphone(options: TSoftphoneOptions): TSoftphone {
  if (options.wsServers.length === 0) throw new Error('createSoftphone: no WebSocket server');
  const audio = options.audioElement ?? new Audio();
  audio.autoplay = true;
  const devices = options.devices ?? { microphoneId: '', speakerId: '' };
  const registrationEvents = emitter<TRegistrationState>();
  const incomingEvents = emitter<TSoftphoneCall>();
  const calls = new Set<TSoftphoneCall & { end(): void }>();
  let registration: TRegistrationState = { kind: 'idle' };
  let ua: UA | null = null;
  /** register() was asked for and unregister()/close() not since: re-register after reconnecting. */
  let wantRegistered = false;

  const setRegistration = (next: TRegistrationState) => {
    registration = next;
    registrationEvents.emit(next);
  };

  async function ensureUa(): Promise<UA> {
    if (ua) return ua;
    const jssip = await (options.loadSip ?? loadJsSip)();
    const sockets = options.wsServers.map((url) => new jssip.WebSocketInterface(url));
    const created = new jssip.UA({
      sockets,
      uri: options.uri,
      authorization_user: options.authorizationUser,
      password: options.password,
      display_name: options.displayName,
      register: false,
      register_expires: options.registerExpires ?? 600,
      // One failed connection must surface as a state, not retry silently forever in a tight loop.
      connection_recovery_min_interval: 2,
      connection_recovery_max_interval: 30,
      user_agent: 'Parley softphone',
    });
    created.on('connected', () => {
      if (wantRegistered) created.register();
    });
    created.on('registered', () => setRegistration({ kind: 'registered' }));
    created.on('unregistered', () => setRegistration({ kind: 'unregistered' }));
    created.on('registrationFailed', (event) => {
      const code = (event.response as TReply)?.status_code;
      setRegistration({
        kind: 'failed',
        reason: registrationFailure(event.cause, code),
        detail: detailOf(event.cause, event.response),
      });
    });
    created.on('disconnected', (event) => {
      // Only a drop while registering/registered changes what the agent sees; JsSIP reconnects.
      if (registration.kind === 'registering' || registration.kind === 'registered')
        setRegistration({
          kind: 'failed',
          reason: 'connection',
          detail: event.reason ?? `WebSocket closed${event.code ? ` (${event.code})` : ''}`,
        });
    });
    created.on('newRTCSession', (event: RTCSessionEvent) => {
      if (event.originator !== 'remote') return;
      const call = wrapSession(event.session, 'incoming');
      incomingEvents.emit(call);
    });
    ua = created;
    return created;
  }

  function wrapSession(session: RTCSession, direction: 'incoming' | 'outgoing') {
    const events = emitter<TCallState>();
    let state: TCallState =
      direction === 'incoming' ? { kind: 'ringing' } : { kind: 'calling', remoteRinging: false };
    let muted = false;
    let localStream: MediaStream | null = null;
    const setState = (next: TCallState) => {
      // JsSIP reports both `accepted` and `confirmed` for one answer: report a state once.
      if (state.kind === 'ended' || JSON.stringify(state) === JSON.stringify(next)) return;
      state = next;
      events.emit(next);
    };
    const attachRemote = (pc: RTCPeerConnection) => {
      pc.addEventListener('track', (event) => {
        if (event.track.kind !== 'audio') return;
        audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
        void applySpeaker(audio, devices.speakerId);
        void audio.play().catch(() => {
          // Autoplay refused (no user gesture yet): the agent's next click starts it.
        });
      });
    };
    const release = () => {
      for (const track of localStream?.getTracks() ?? []) track.stop();
      localStream = null;
      if (audio.srcObject) audio.srcObject = null;
      calls.delete(call);
    };
    session.on('peerconnection', (event) => attachRemote(event.peerconnection));
    session.on('progress', () => {
      if (direction === 'outgoing') setState({ kind: 'calling', remoteRinging: true });
    });
    session.on('confirmed', () => setState({ kind: 'in-call', muted }));
    session.on('accepted', () => setState({ kind: 'in-call', muted }));
    const onEnd = (event: { cause: string; message?: unknown }) => {
      const code = (event.message as TReply)?.status_code;
      setState({
        kind: 'ended',
        reason: callEndReason(event.cause, code),
        detail: detailOf(event.cause, event.message),
      });
      release();
    };
    session.on('ended', onEnd);
    session.on('failed', onEnd);

    const remoteIdentity = session.remote_identity;
    const call = {
      id: session.id,
      direction,
      remote: {
        uri: remoteIdentity?.uri?.toString() ?? '',
        displayName: remoteIdentity?.display_name ?? '',
      },
      get state() {
        return state;
      },
      get peerConnection() {
        return (session.connection as RTCPeerConnection | undefined) ?? null;
      },
      async accept() {
        if (direction !== 'incoming' || state.kind !== 'ringing') return;
        try {
          localStream = await openChosenMicrophone(devices.microphoneId);
        } catch {
          session.terminate({ status_code: 480, reason_phrase: 'Microphone Unavailable' });
          setState({ kind: 'ended', reason: 'microphone', detail: 'microphone unavailable' });
          release();
          return;
        }
        session.answer({
          mediaStream: localStream,
          pcConfig: { iceServers: options.iceServers ?? [] },
        });
      },
      decline() {
        if (state.kind === 'ringing') session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      },
      hangUp() {
        if (!session.isEnded()) session.terminate();
      },
      async setMuted(next: boolean) {
        muted = next;
        const pc = session.connection as RTCPeerConnection | undefined;
        const track = localStream?.getAudioTracks()[0] ?? null;
        // replaceTrack(null) stops RTP altogether (a disabled track still sends silence packets);
        // the same approach as H1 calls, no renegotiation needed.
        for (const sender of pc?.getSenders() ?? []) {
          if (sender.track?.kind === 'audio' || (sender.track === null && next === false)) {
            await sender.replaceTrack(next ? null : track);
          }
        }
        if (state.kind === 'in-call') setState({ kind: 'in-call', muted });
      },
      onState: events.on,
      end() {
        if (!session.isEnded()) session.terminate();
      },
      /** Outgoing: the microphone stream opened for the INVITE, released with the call. */
      setLocalStream(stream: MediaStream) {
        localStream = stream;
      },
    };
    calls.add(call);
    return call;
  }

  const softphone: TSoftphone = {
    get registration() {
      return registration;
    },
    async register() {
      const agent = await ensureUa();
      if (registration.kind === 'registered') return;
      setRegistration({ kind: 'registering' });
      const done = new Promise<void>((resolve, reject) => {
        const off = registrationEvents.on((state) => {
          if (state.kind === 'registered') {
            off();
            resolve();
          } else if (state.kind === 'failed') {
            off();
            reject(new Error(`SIP registration failed (${state.reason}): ${state.detail}`));
          }
        });
      });
      wantRegistered = true;
      // REGISTER before the WebSocket is open fails at once as a transport error: the 'connected'
      // handler registers, on the first connection and after every reconnection.
      if (agent.isConnected()) agent.register();
      else agent.start();
      return done;
    },
    async unregister() {
      wantRegistered = false;
      if (!ua || registration.kind !== 'registered') return;
      const agent = ua;
      const done = new Promise<void>((resolve) => {
        const off = registrationEvents.on((state) => {
          if (state.kind !== 'registered') {
            off();
            resolve();
          }
        });
      });
      agent.unregister();
      return done;
    },
    async call(target: string) {
      const agent = await ensureUa();
      const uri = targetUri(target, options.uri);
      const stream = await openChosenMicrophone(devices.microphoneId);
      let session: RTCSession;
      try {
        session = agent.call(uri, {
          mediaStream: stream,
          pcConfig: { iceServers: options.iceServers ?? [] },
        });
      } catch (error) {
        for (const track of stream.getTracks()) track.stop();
        throw error;
      }
      const call = wrapSession(session, 'outgoing');
      call.setLocalStream(stream);
      // JsSIP creates the outgoing peer connection inside call(), before we could listen.
      const pc = session.connection as RTCPeerConnection | undefined;
      if (pc) {
        pc.addEventListener('track', (event) => {
          if (event.track.kind !== 'audio') return;
          audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
          void applySpeaker(audio, devices.speakerId);
          void audio.play().catch(() => {});
        });
      }
      return call;
    },
    onRegistration: registrationEvents.on,
    onIncoming: incomingEvents.on,
    async close() {
      for (const call of [...calls]) call.end();
      if (ua) {
        const agent = ua;
        await softphone.unregister().catch(() => {});
        agent.stop();
      }
      ua = null;
      setRegistration({ kind: 'idle' });
    },
  };
  return softphone;
}
