import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { setHeldCalls } from '../../../lib/held-calls';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { loadCallSettings, SipCallsContext } from '../../calls';
import type { TSoftphone, TSoftphoneCall } from '../softphone';
import type { TCallState, TEndReason, TRegistrationState } from '../softphone-state';

/**
 * H2, the softphone model wired into the console: when the account has a SIP phone channel (a phone
 * channel whose plugin uses the `softphone` model, e.g. the built-in `phone-sip`), the agent's
 * browser registers with the SIP server using credentials from `calls.softphoneCredentials` and
 * re-registers with fresh ones before short-lived ones expire. JsSIP (and softphone.ts) load only
 * then, as their own chunk.
 *
 * Every SIP call is reported to the server (`calls.softphoneEvent`), which keeps the Call record and
 * rings incoming calls through the existing call cards (CallCenter), so the card's Accept / Decline
 * and the call bar's Mute / Hang up act on the SIP session through this context.
 */

export type TPhoneChannel = {
  installId: string;
  channelId: string;
  name: string;
  model: 'bridge' | 'softphone' | null;
};

export type TSoftphoneStatus = TRegistrationState | { kind: 'off' };

/** The outgoing SIP call the dial pad shows. */
export type TOutgoing = { callId: string | null; target: string; state: TCallState };

type TContext = {
  /** Every phone channel the agent serves (bridge and softphone). */
  channels: TPhoneChannel[];
  /** The channel the dial pad calls through (chosen with a select when there are several). */
  channelId: string | null;
  setChannelId: (id: string) => void;
  /** The softphone channel registered (the chosen one when it is SIP, else the first SIP one). */
  sipChannelId: string | null;
  status: TSoftphoneStatus;
  outgoing: TOutgoing | null;
  /** Places a SIP call through the registered channel; reports it to the server first thing. */
  dial: (target: string, visitorId?: string) => Promise<void>;
  owns: (callId: string) => boolean;
  /** Resolves once the reports of incoming calls on their way have answered (sip-calls.ts). */
  settled: () => Promise<void>;
  accept: (callId: string) => Promise<void>;
  decline: (callId: string) => void;
  hangUp: (callId?: string) => void;
  setMuted: (callId: string, muted: boolean) => Promise<void>;
  /** The media of a SIP call. */
  peerConnection: (callId: string) => RTCPeerConnection | null;
};

const SoftphoneContext = createContext<TContext | null>(null);

export function useSoftphone(): TContext | null {
  return useContext(SoftphoneContext);
}

type TEndedReport = 'hangup' | 'remote-hangup' | 'busy' | 'no-answer' | 'canceled' | 'rejected' | 'failed';

/** What the server records for a SIP call that ended in `reason`, by who ended it. */
export function endedReport(reason: TEndReason, connected: boolean, localHangUp: boolean): TEndedReport {
  if (connected)
    return reason === 'media' || reason === 'connection'
      ? 'failed'
      : localHangUp
        ? 'hangup'
        : 'remote-hangup';
  if (localHangUp) return 'canceled';
  switch (reason) {
    case 'busy':
      return 'busy';
    case 'declined':
      return 'rejected';
    case 'no-answer':
    case 'unavailable':
      return 'no-answer';
    case 'canceled':
    case 'hung-up':
      return 'canceled';
    default:
      return 'failed';
  }
}

type TEntry = { sip: TSoftphoneCall; serverId: string | null; localHangUp: boolean; declined: boolean };

const CHANNEL_KEY = (userId: string) => `parley.phoneChannel.${userId}`;
/** Ask for new short-lived credentials at this share of their lifetime. */
const REFRESH_AT = 0.8;

export function SoftphoneProvider({ children }: { children: ReactNode }) {
  const me = useMe();
  const utils = trpc.useUtils();
  const settings = trpc.calls.phoneSettings.useQuery(undefined, { staleTime: 60_000 });
  const channels = useMemo(() => (settings.data?.channels ?? []) as TPhoneChannel[], [settings.data]);
  const [chosen, setChosen] = useState<string | null>(() => {
    try {
      return localStorage.getItem(CHANNEL_KEY(me.id));
    } catch {
      return null;
    }
  });
  const channelId = channels.find((c) => c.channelId === chosen)?.channelId ?? channels[0]?.channelId ?? null;
  const chosenChannel = channels.find((c) => c.channelId === channelId);
  const sipChannelId =
    chosenChannel?.model === 'softphone'
      ? chosenChannel.channelId
      : (channels.find((c) => c.model === 'softphone')?.channelId ?? null);

  const [status, setStatus] = useState<TSoftphoneStatus>({ kind: 'off' });
  const [outgoing, setOutgoing] = useState<TOutgoing | null>(null);
  const phone = useRef<TSoftphone | null>(null);
  /** SIP call id → the call, its server record's id (once reported) and what the console did to it. */
  const calls = useRef(new Map<string, TEntry>());
  const entryOf = useCallback(
    (serverId: string) => [...calls.current.values()].find((e) => e.serverId === serverId),
    [],
  );
  /** The heartbeat names this tab's SIP calls that have a record (features/live's use-heartbeat). */
  const syncHeld = useCallback(() => {
    const ids = [...calls.current.values()].flatMap((e) => (e.serverId ? [e.serverId] : []));
    setHeldCalls('softphone', ids);
  }, []);
  useEffect(() => () => setHeldCalls('softphone', []), []);
  /** `incoming` reports not answered yet: until then a ringing card may be ours (sip-calls.ts). */
  const incomingReports = useRef(new Set<Promise<unknown>>());
  /** Each call's reports go out in order (outgoing → ringing → answered → ended). */
  const queues = useRef(new Map<string, Promise<unknown>>());

  const report = useCallback(
    (sipCallId: string, input: Parameters<typeof utils.client.calls.softphoneEvent.mutate>[0]) => {
      const previous = queues.current.get(sipCallId) ?? Promise.resolve();
      const next = previous
        .catch(() => {})
        .then(() => utils.client.calls.softphoneEvent.mutate(input))
        .finally(() => void utils.calls.recentPhone.invalidate());
      queues.current.set(sipCallId, next);
      return next;
    },
    [utils],
  );

  /** Follows a SIP call: its state changes are reported until it ends. */
  const follow = useCallback(
    (channel: string, sip: TSoftphoneCall, onState?: (s: TCallState) => void): TEntry => {
      const entry: TEntry = { sip, serverId: null, localHangUp: false, declined: false };
      calls.current.set(sip.id, entry);
      let connected = false;
      sip.onState((state) => {
        onState?.(state);
        const base = { channelId: channel, sipCallId: sip.id };
        if (state.kind === 'calling' && state.remoteRinging)
          void report(sip.id, { ...base, event: 'ringing' });
        else if (state.kind === 'in-call' && !connected) {
          connected = true;
          void report(sip.id, { ...base, event: 'answered' });
        } else if (state.kind === 'ended') {
          if (!entry.declined)
            void report(sip.id, {
              ...base,
              event: 'ended',
              reason: endedReport(state.reason, connected, entry.localHangUp),
            });
          calls.current.delete(sip.id);
          syncHeld();
          setTimeout(() => queues.current.delete(sip.id), 30_000);
        }
      });
      return entry;
    },
    [report, syncHeld],
  );

  // Register on the SIP channel; fresh credentials before short-lived ones expire.
  useEffect(() => {
    if (!sipChannelId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current: TSoftphone | null = null;

    const start = async () => {
      if (stopped) return;
      // A call in progress keeps its registration: try again once it is over.
      if (current && calls.current.size > 0) {
        timer = setTimeout(() => void start(), 15_000);
        return;
      }
      setStatus({ kind: 'registering' });
      let creds: Awaited<ReturnType<typeof utils.client.calls.softphoneCredentials.mutate>>;
      try {
        creds = await utils.client.calls.softphoneCredentials.mutate({ channelId: sipChannelId });
      } catch (error) {
        if (!stopped)
          setStatus({ kind: 'failed', reason: 'auth', detail: (error as Error).message ?? String(error) });
        timer = setTimeout(() => void start(), 60_000);
        return;
      }
      const { createSoftphone } = await import('../softphone');
      if (stopped) return;
      const previous = current;
      const next = createSoftphone({
        wsServers: creds.wsServers,
        uri: creds.sipUri,
        authorizationUser: creds.authorizationUser,
        password: creds.password,
        displayName: creds.displayName,
        iceServers: creds.iceServers as RTCIceServer[],
        devices: loadCallSettings(localStorage, me.id),
      });
      current = next;
      phone.current = next;
      await previous?.close().catch(() => {});
      next.onRegistration((state) => {
        if (!stopped && phone.current === next) setStatus(state);
      });
      next.onIncoming((sip) => {
        const entry = follow(sipChannelId, sip);
        const reported = report(sip.id, {
          channelId: sipChannelId,
          sipCallId: sip.id,
          event: 'incoming',
          ...(sip.remote.uri ? { from: sip.remote.uri } : {}),
        })
          .then((out) => {
            entry.serverId = (out as { call: { id: string } }).call.id;
            syncHeld();
          })
          .catch(() => {
            // The server would not record it (channel removed meanwhile): the caller hears busy.
            entry.declined = true;
            sip.decline();
          });
        incomingReports.current.add(reported);
        void reported.finally(() => incomingReports.current.delete(reported));
      });
      try {
        await next.register();
      } catch {
        // The state says why (Failed: auth / connection ...); JsSIP keeps reconnecting.
      }
      if (creds.expiresAt) {
        const lifetime = Date.parse(creds.expiresAt) - Date.now();
        timer = setTimeout(() => void start(), Math.max(30_000, lifetime * REFRESH_AT));
      }
    };
    void start();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      void current?.close().catch(() => {});
      if (phone.current === current) phone.current = null;
      setStatus({ kind: 'off' });
    };
  }, [sipChannelId, me.id, utils, follow, report, syncHeld]);

  const setChannelId = useCallback(
    (id: string) => {
      setChosen(id);
      try {
        localStorage.setItem(CHANNEL_KEY(me.id), id);
      } catch {
        // Private mode: the choice lasts for this page.
      }
    },
    [me.id],
  );

  const dial = useCallback(
    async (target: string, visitorId?: string) => {
      const sipPhone = phone.current;
      if (!sipPhone || !sipChannelId) throw new Error('The SIP phone is not registered');
      const sip = await sipPhone.call(target);
      setOutgoing({ callId: null, target, state: sip.state });
      const entry = follow(sipChannelId, sip, (state) =>
        setOutgoing((o) => (o && o.target === target ? { ...o, state } : o)),
      );
      try {
        const out = (await report(sip.id, {
          channelId: sipChannelId,
          sipCallId: sip.id,
          event: 'outgoing',
          to: target,
          ...(visitorId ? { visitorId } : {}),
        })) as { call: { id: string }; maxSeconds: number | null };
        entry.serverId = out.call.id;
        syncHeld();
        // H4: a rated channel holds credit for this long; the call ends there.
        if (out.maxSeconds) setTimeout(() => sip.hangUp(), out.maxSeconds * 1000);
        setOutgoing((o) => (o && o.target === target ? { ...o, callId: out.call.id } : o));
      } catch (error) {
        // Refused (balance, number): the SIP call goes too.
        entry.localHangUp = true;
        sip.hangUp();
        setOutgoing(null);
        throw error;
      }
    },
    [sipChannelId, follow, report, syncHeld],
  );

  const value = useMemo<TContext>(
    () => ({
      channels,
      channelId,
      setChannelId,
      sipChannelId,
      status,
      outgoing,
      dial,
      owns: (callId) => entryOf(callId) !== undefined,
      async settled() {
        await Promise.allSettled([...incomingReports.current]);
      },
      async accept(callId) {
        await entryOf(callId)?.sip.accept();
      },
      decline(callId) {
        const entry = entryOf(callId);
        if (!entry || !sipChannelId) return;
        entry.declined = true;
        entry.sip.decline();
        void report(entry.sip.id, { channelId: sipChannelId, sipCallId: entry.sip.id, event: 'declined' });
      },
      hangUp(callId) {
        const entry = callId
          ? entryOf(callId)
          : [...calls.current.values()].find((e) => e.sip.direction === 'outgoing');
        if (entry) {
          entry.localHangUp = true;
          entry.sip.hangUp();
        }
        if (!callId) setOutgoing(null);
      },
      async setMuted(callId, muted) {
        await entryOf(callId)?.sip.setMuted(muted);
      },
      peerConnection: (callId) => entryOf(callId)?.sip.peerConnection ?? null,
    }),
    [channels, channelId, setChannelId, sipChannelId, status, outgoing, dial, report, entryOf],
  );

  return (
    <SoftphoneContext.Provider value={value}>
      <SipCallsContext.Provider value={value}>{children}</SipCallsContext.Provider>
    </SoftphoneContext.Provider>
  );
}
