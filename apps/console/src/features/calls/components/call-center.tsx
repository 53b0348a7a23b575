import type { CallPeer } from '@parley/widget/call-peer';
import { useCallback, useEffect, useRef, useState } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import { describeError, readErrorShape } from '../../../lib/errors';
import { setHeldCalls } from '../../../lib/held-calls';
import { playSound } from '../../../lib/sounds';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { useVisitorName } from '../../../lib/use-visitor-name';
import { useLiveEvents } from '../../live';
import { showOsNotification, useSoundPreferences } from '../../notifications';
import { applySpeaker, openChosenMicrophone, ringSound, useCallSettings } from '../call-settings';
import {
  addRinging,
  callToAdopt,
  type TCall,
  type TCallSignal,
  type TMedia,
  type TRingingCall,
  updateRinging,
} from '../call-types';
import { routeOf, useSipCalls } from '../sip-calls';

const messages = defineMessages({
  region: { id: 'calls.region', defaultMessage: 'Incoming calls' },
  card: defineMessage<{ name: string }>({ id: 'calls.card', defaultMessage: 'Call from {name}' }),
  incoming: { id: 'calls.incoming', defaultMessage: 'Incoming voice call from the website' },
  incomingPhone: { id: 'calls.incomingPhone', defaultMessage: 'Incoming phone call' },
  accept: { id: 'calls.accept', defaultMessage: 'Accept' },
  decline: { id: 'calls.decline', defaultMessage: 'Decline' },
  bar: defineMessage<{ name: string }>({ id: 'calls.bar', defaultMessage: 'Call with {name}' }),
  connecting: { id: 'calls.connecting', defaultMessage: 'Connecting…' },
  connected: { id: 'calls.connected', defaultMessage: 'Connected' },
  reconnecting: { id: 'calls.reconnecting', defaultMessage: 'Reconnecting…' },
  failed: { id: 'calls.failed', defaultMessage: 'The audio could not connect' },
  duration: { id: 'calls.duration', defaultMessage: 'Call duration' },
  mute: { id: 'calls.mute', defaultMessage: 'Mute' },
  hangUp: { id: 'calls.hangUp', defaultMessage: 'Hang up' },
  openChat: { id: 'calls.openChat', defaultMessage: 'Open chat' },
  micDenied: {
    id: 'calls.micDenied',
    defaultMessage: 'Allow microphone access in the browser to take calls.',
  },
  noMic: { id: 'calls.noMic', defaultMessage: 'No microphone was found.' },
  osTitle: defineMessage<{ name: string }>({ id: 'calls.os.title', defaultMessage: 'Call from {name}' }),
});

type TActive = { call: TCall; name: string; media: TMedia; muted: boolean };

const RING_EVERY_MS = 3000;

/**
 * H1: calls from the widget. A ringing card per call (sound and OS notification like a chat
 * request) with Accept / Decline; the first agent to accept gets the call and the chat (the others'
 * cards go). In a call, a bar with the timer, Mute and Hang up stays on screen on every page, so the
 * agent keeps chatting. The WebRTC code (`@parley/widget/call-peer`) loads on the first accept.
 */
export function CallCenter() {
  const intl = useIntl();
  const me = useMe();
  const navigate = useNavigate();
  const visitorName = useVisitorName();
  const [sounds] = useSoundPreferences(me.id);
  // H3: the microphone, speaker and ringtone chosen in Settings → Calls (this browser).
  const [callSettings] = useCallSettings(me.id);
  const [cards, setCards] = useState<TRingingCall[]>([]);
  const [active, setActive] = useState<TActive | null>(null);
  const [error, setError] = useState<string | null>(null);
  const peer = useRef<CallPeer | null>(null);
  const held = useRef<TCallSignal[]>([]);
  const activeId = useRef<string | null>(null);
  /** Calls this console saw end: the cached `calls.current` answer must not bring one back. */
  const ended = useRef(new Set<string>());
  /** Set after a reload during a call: the servers to answer the visitor's next offer with. */
  const recovering = useRef<{ iceServers: RTCIceServer[] } | null>(null);
  const audio = useRef<HTMLAudioElement>(null);
  const utils = trpc.useUtils();
  const accept = trpc.calls.accept.useMutation();
  const decline = trpc.calls.decline.useMutation();
  const hangup = trpc.calls.hangup.useMutation();
  const signal = trpc.calls.signal.useMutation();
  // H2 softphone model: SIP calls ring through these cards too; their audio is the softphone's.
  const softphone = useSipCalls();
  const sip = useRef(softphone);
  sip.current = softphone;
  const settings = useRef({ sounds, type: me.notificationType, calls: callSettings });
  settings.current = { sounds, type: me.notificationType, calls: callSettings };

  const endLocally = useCallback(() => {
    if (activeId.current) ended.current.add(activeId.current);
    peer.current?.close();
    peer.current = null;
    held.current = [];
    activeId.current = null;
    recovering.current = null;
    setActive(null);
  }, []);
  useEffect(() => endLocally, [endLocally]);
  // The heartbeat names the call in the bar: its record stays alive while this tab holds it.
  const activeCallId = active?.call.id ?? null;
  useEffect(() => {
    setHeldCalls('call-center', activeCallId ? [activeCallId] : []);
    return () => setHeldCalls('call-center', []);
  }, [activeCallId]);

  useLiveEvents((event) => {
    if (event.type === 'call.ringing') {
      setCards((current) => addRinging(current, event));
      const { type } = settings.current;
      if (type === 'os' && document.visibilityState === 'hidden') {
        const name = visitorName(event.conversation.visitor);
        showOsNotification(intl.formatMessage(messages.osTitle, { name }), '', event.call.id, () =>
          window.focus(),
        );
      }
    } else if (event.type === 'call.updated') {
      setCards((current) => updateRinging(current, event.call));
      // Keep the reload-time answer true, so effects reading it never see a call as it was.
      const live = event.call.status === 'ringing' || event.call.status === 'active';
      if (!live) ended.current.add(event.call.id);
      utils.calls.current.setData(undefined, (data) =>
        data
          ? {
              ...data,
              calls: live
                ? data.calls.map((c) => (c.id === event.call.id ? event.call : c))
                : data.calls.filter((c) => c.id !== event.call.id),
            }
          : data,
      );
      if (event.call.id === activeId.current) {
        if (event.call.status === 'active') {
          const viaSip = sip.current?.owns(event.call.id) ?? false;
          setActive((a) =>
            a ? { ...a, call: event.call, ...(viaSip ? { media: 'connected' as const } : {}) } : a,
          );
        } else endLocally();
      }
    } else if (event.type === 'call.signal') {
      if (event.callId !== activeId.current) return;
      if (peer.current) void peer.current.receive(event.signal).catch(() => {});
      else {
        held.current.push(event.signal);
        // After a reload the visitor's ICE restart brings a new offer: answer it with a new peer.
        if (event.signal.kind === 'offer' && recovering.current) void recover(event.callId);
      }
    }
  });

  // Calls already ringing for me when the console (re)loads.
  const current = trpc.calls.current.useQuery();
  const inbox = trpc.chats.inbox.useQuery();
  const mine = trpc.chats.mine.useQuery();
  useEffect(() => {
    for (const call of current.data?.calls ?? []) {
      const conversation = inbox.data?.find((c) => c.id === call.conversationId);
      if (call.status === 'ringing' && conversation)
        setCards((cs) => addRinging(cs, { type: 'call.ringing', call, conversation }));
    }
    const call = callToAdopt(current.data?.calls ?? [], {
      me: me.id,
      activeId: activeId.current,
      ended: ended.current,
    });
    if (call) {
      const chat = mine.data?.find((c) => c.id === call.conversationId);
      activeId.current = call.id;
      recovering.current = { iceServers: current.data?.iceServers ?? [] };
      setActive({ call, name: chat ? visitorName(chat.visitor) : '', media: 'reconnecting', muted: false });
    }
  }, [current.data, inbox.data, mine.data, me.id, visitorName]);

  // Ring while a card is up.
  const ringing = cards.length > 0;
  useEffect(() => {
    if (!ringing) return;
    const ring = () => {
      const { sounds: prefs, type, calls } = settings.current;
      const ring = ringSound(calls, prefs);
      if (type !== 'off' && ring) playSound(ring.sound, ring.volume);
    };
    ring();
    const timer = setInterval(ring, RING_EVERY_MS);
    return () => clearInterval(timer);
  }, [ringing]);

  async function onAccept(card: TRingingCall) {
    setError(null);
    // Also right for an Accept clicked before the softphone learnt this call's id (sip-calls.ts).
    const route = await routeOf(card.call, sip.current);
    const phone = sip.current;
    // H2, softphone model: the SIP session rings in this browser; answering it is the accept (the
    // softphone reports it, and the server's call.updated makes the bar show "Connected").
    if (route === 'sip' && phone) {
      setCards((cs) => cs.filter((c) => c.call.id !== card.call.id));
      activeId.current = card.call.id;
      setActive({
        call: card.call,
        name: visitorName(card.conversation.visitor),
        media: 'connecting',
        muted: false,
      });
      try {
        await phone.accept(card.call.id);
      } catch (err) {
        setError(intl.formatMessage(describeError(err).message));
      }
      void utils.chats.mine.invalidate();
      if (card.call.conversationId) navigate(`/chats/${card.call.conversationId}`);
      return;
    }
    // H2: a phone call is bridged by the provider to the agent's own phone: no browser audio here.
    if (route === 'bridge') {
      try {
        const out = await accept.mutateAsync({ callId: card.call.id });
        setCards((cs) => cs.filter((c) => c.call.id !== card.call.id));
        void utils.chats.mine.invalidate();
        if (out.call.conversationId) navigate(`/chats/${out.call.conversationId}`);
      } catch (err) {
        const code = readErrorShape(err).appCode;
        if (code === 'call.taken' || code === 'call.over' || code === 'not_found')
          setCards((cs) => cs.filter((c) => c.call.id !== card.call.id));
        setError(intl.formatMessage(describeError(err).message));
      }
      return;
    }
    const { createCallPeer } = await import('@parley/widget/call-peer');
    let microphone: MediaStream;
    try {
      microphone = await openChosenMicrophone(settings.current.calls.microphoneId);
    } catch (err) {
      setError(
        intl.formatMessage(
          (err as { name?: string }).name === 'NotAllowedError' ? messages.micDenied : messages.noMic,
        ),
      );
      return;
    }
    // Ours from the moment we ask: the visitor's offer travels over the WebSocket and can arrive before
    // the HTTP answer to `accept`; it is held (below) until the peer exists, not dropped.
    activeId.current = card.call.id;
    held.current = [];
    try {
      const out = await accept.mutateAsync({ callId: card.call.id });
      setCards((cs) => cs.filter((c) => c.call.id !== card.call.id));
      const name = visitorName(card.conversation.visitor);
      setActive({ call: out.call, name, media: 'connecting', muted: false });
      await answerWith(createCallPeer, out.call.id, out.iceServers, microphone);
      void utils.chats.mine.invalidate();
      if (out.call.conversationId) navigate(`/chats/${out.call.conversationId}`);
    } catch (err) {
      for (const t of microphone.getTracks()) t.stop();
      if (activeId.current === card.call.id && !peer.current) {
        activeId.current = null;
        held.current = [];
      }
      const code = readErrorShape(err).appCode;
      if (code === 'call.taken' || code === 'call.over' || code === 'not_found')
        setCards((cs) => cs.filter((c) => c.call.id !== card.call.id));
      setError(intl.formatMessage(describeError(err).message));
    }
  }

  /** The callee's peer for the call; signals that came first are applied in order. */
  async function answerWith(
    createCallPeer: typeof import('@parley/widget/call-peer').createCallPeer,
    callId: string,
    iceServers: RTCIceServer[],
    microphone: MediaStream,
  ) {
    peer.current = createCallPeer({
      role: 'callee',
      iceServers,
      microphone,
      send: (s) => signal.mutateAsync({ callId, signal: s }),
      onMedia: (media) => setActive((a) => (a ? { ...a, media } : a)),
      onRemoteAudio: (stream) => {
        if (audio.current) {
          void applySpeaker(audio.current, settings.current.calls.speakerId);
          audio.current.srcObject = stream;
          void audio.current.play().catch(() => {});
        }
      },
    });
    for (const s of held.current.splice(0)) await peer.current.receive(s).catch(() => {});
  }

  /** A console reloaded mid-call: the microphone again (permission is remembered) and a new peer. */
  async function recover(callId: string) {
    const pending = recovering.current;
    if (!pending) return;
    recovering.current = null;
    const { createCallPeer } = await import('@parley/widget/call-peer');
    try {
      const microphone = await openChosenMicrophone(settings.current.calls.microphoneId);
      if (activeId.current === callId)
        await answerWith(createCallPeer, callId, pending.iceServers, microphone);
      else for (const t of microphone.getTracks()) t.stop();
    } catch {
      setActive((a) => (a ? { ...a, media: 'failed' } : a));
    }
  }

  function onDecline(card: TRingingCall) {
    setCards((cs) => cs.filter((c) => c.call.id !== card.call.id));
    void routeOf(card.call, sip.current).then((route) => {
      if (route === 'sip') sip.current?.decline(card.call.id);
      else decline.mutate({ callId: card.call.id });
    });
  }

  async function onHangUp() {
    const id = activeId.current;
    if (!id) return;
    if (softphone?.owns(id)) softphone.hangUp(id);
    else await hangup.mutateAsync({ callId: id }).catch(() => {});
    endLocally();
  }

  async function onMute() {
    if (!active) return;
    const muted = !active.muted;
    if (softphone?.owns(active.call.id)) await softphone.setMuted(active.call.id, muted);
    else await peer.current?.setMuted(muted);
    setActive((a) => (a ? { ...a, muted } : a));
  }

  return (
    <>
      {/* biome-ignore lint/a11y/useMediaCaption: a live voice call has no captions to offer */}
      <audio ref={audio} autoPlay hidden />
      {active ? (
        <CallBar
          active={active}
          onMute={() => void onMute()}
          onHangUp={() => void onHangUp()}
          onOpenChat={() => active.call.conversationId && navigate(`/chats/${active.call.conversationId}`)}
        />
      ) : null}
      {cards.length > 0 || error ? (
        <section className="call-stack" aria-label={intl.formatMessage(messages.region)}>
          {error ? (
            <p className="call-error" role="alert">
              {error}
            </p>
          ) : null}
          {cards.map((card) => {
            const name = visitorName(card.conversation.visitor);
            return (
              <article
                key={card.call.id}
                className="request-card call-card"
                aria-label={intl.formatMessage(messages.card, { name })}
              >
                <h2 className="request-name">
                  <bdi>{name}</bdi>
                </h2>
                <p className="call-incoming">
                  <FormattedMessage
                    {...(card.call.kind === 'phone' ? messages.incomingPhone : messages.incoming)}
                  />
                </p>
                <div className="request-actions">
                  <button
                    type="button"
                    className="button button-primary button-small"
                    disabled={accept.isPending || active !== null}
                    onClick={() => void onAccept(card)}
                  >
                    <FormattedMessage {...messages.accept} />
                  </button>
                  <button type="button" className="button button-small" onClick={() => onDecline(card)}>
                    <FormattedMessage {...messages.decline} />
                  </button>
                </div>
              </article>
            );
          })}
        </section>
      ) : null}
    </>
  );
}

function CallBar({
  active,
  onMute,
  onHangUp,
  onOpenChat,
}: {
  active: TActive;
  onMute: () => void;
  onHangUp: () => void;
  onOpenChat: () => void;
}) {
  const intl = useIntl();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const answeredAt = active.call.answeredAt;
  const seconds = answeredAt ? Math.max(0, Math.floor((now - Date.parse(answeredAt)) / 1000)) : 0;
  const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return (
    <section className="call-bar" aria-label={intl.formatMessage(messages.bar, { name: active.name })}>
      <span className="call-bar-name">
        <bdi>{active.name}</bdi>
      </span>
      <span className="call-bar-status" role="status">
        <FormattedMessage {...messages[active.media]} />
      </span>
      <span className="call-bar-time" role="timer" aria-label={intl.formatMessage(messages.duration)}>
        {clock}
      </span>
      <button type="button" className="button button-small" aria-pressed={active.muted} onClick={onMute}>
        <FormattedMessage {...messages.mute} />
      </button>
      <button type="button" className="button button-small" onClick={onOpenChat}>
        <FormattedMessage {...messages.openChat} />
      </button>
      <button type="button" className="button button-small button-danger-solid" onClick={onHangUp}>
        <FormattedMessage {...messages.hangUp} />
      </button>
    </section>
  );
}
