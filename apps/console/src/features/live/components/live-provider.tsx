import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { addAcknowledged, type TPendingMessage } from '../../../lib/chat-messages';
import { readLiveEvent, type TLiveEvent } from '../../../lib/chat-types';
import { readErrorShape } from '../../../lib/errors';
import { trpc } from '../../../lib/trpc';
import { useApplyLiveEvent } from '../hooks/use-apply-live-event';
import { useHeartbeat } from '../hooks/use-heartbeat';
import { LiveBus, type TLiveEventMeta } from '../live-bus';
import { Outbox } from '../outbox';
import { TypingStore } from '../typing-store';

type TLiveContext = {
  bus: LiveBus;
  typing: TypingStore;
  outbox: Outbox;
  /** The same guarantees for agent-to-agent messages (E1/E2), delivered through `team.send`. */
  teamOutbox: Outbox;
  /** Bumped on every (re)subscription: screens holding their own data refetch it. */
  generation: number;
};

const LiveContext = createContext<TLiveContext | null>(null);

function useLiveContext(): TLiveContext {
  const context = useContext(LiveContext);
  if (!context) throw new Error('live hooks outside LiveProvider');
  return context;
}

/**
 * B8 and everything live: one `live.console` subscription for the whole console, the presence heartbeat,
 * and the stores for typing previews and unsent messages. On every (re)subscription the lists are
 * refetched, so whatever happened while the socket was down is not lost (the stream also resumes from
 * lastEventId; the refetch covers events older than the server keeps).
 */
export function LiveProvider({ myId, children }: { myId: string; children: ReactNode }) {
  const utils = trpc.useUtils();
  const apply = useApplyLiveEvent(myId);
  const [generation, setGeneration] = useState(0);
  const stores = useMemo(() => {
    const typing = new TypingStore();
    const bus = new LiveBus();
    const outbox = new Outbox({
      send: (pending: TPendingMessage) =>
        utils.client.chats.send.mutate({
          conversationId: pending.conversationId,
          clientId: pending.clientId,
          body: pending.body,
        }),
      onDelivered: (message) =>
        utils.chats.get.setData({ conversationId: message.conversationId }, (data) =>
          data ? { ...data, messages: addAcknowledged(data.messages, message) } : data,
        ),
    });
    const teamOutbox = new Outbox({
      send: (pending: TPendingMessage) =>
        utils.client.team.send.mutate({
          conversationId: pending.conversationId,
          clientId: pending.clientId,
          body: pending.body,
        }),
      onDelivered: (message) =>
        utils.team.messages.setData({ conversationId: message.conversationId }, (data) =>
          data ? { ...data, messages: addAcknowledged(data.messages, message) } : data,
        ),
    });
    return { typing, bus, outbox, teamOutbox };
  }, [utils]);
  useEffect(
    () => () => {
      stores.typing.dispose();
      stores.outbox.dispose();
      stores.teamOutbox.dispose();
    },
    [stores],
  );

  useHeartbeat();

  // Messages written while the network was down go out the moment it is back.
  useEffect(() => {
    const onOnline = () => {
      stores.outbox.flush();
      stores.teamOutbox.flush();
    };
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [stores]);

  const handlers = useRef({ apply, stores });
  handlers.current = { apply, stores };
  const subscription = trpc.live.console.useSubscription(
    {},
    {
      onStarted: () => {
        setGeneration((n) => n + 1);
        void utils.chats.inbox.invalidate();
        void utils.chats.mine.invalidate();
        void utils.chats.get.invalidate();
        void utils.visitors.online.invalidate();
        void utils.team.list.invalidate();
        void utils.team.chats.invalidate();
        void utils.team.messages.invalidate();
        void utils.crm.visitor.invalidate();
        handlers.current.stores.outbox.flush();
        handlers.current.stores.teamOutbox.flush();
      },
      onError: (error) => {
        // Disabled, or the session was revoked elsewhere: the server ends the stream with UNAUTHORIZED.
        // Forget the user so the router shows the login page at once instead of retrying forever.
        if (readErrorShape(error).code === 'UNAUTHORIZED') utils.auth.me.setData(undefined, null);
      },
      onData: (raw) => {
        const event = readLiveEvent(raw);
        if (!event) return;
        const { apply: applyEvent, stores: current } = handlers.current;
        if (event.type === 'typing') current.typing.set(event.conversationId, event.text);
        if (event.type === 'message' && event.message.author === 'visitor') {
          current.typing.set(event.message.conversationId, '');
        }
        const outcome = applyEvent(event);
        current.bus.emit(event, { newVisitor: outcome.newVisitor ?? false });
      },
    },
  );

  // A subscription the server ended with an error (e.g. we fell too far behind) starts over.
  const { status, reset } = subscription;
  useEffect(() => {
    if (status !== 'error') return;
    const timer = setTimeout(reset, 2_000);
    return () => clearTimeout(timer);
  }, [status, reset]);

  const value = useMemo(() => ({ ...stores, generation }), [stores, generation]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** Runs `handler` for every live event while the component is mounted. */
export function useLiveEvents(handler: (event: TLiveEvent, meta: TLiveEventMeta) => void) {
  const { bus } = useLiveContext();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => bus.on((event, meta) => ref.current(event, meta)), [bus]);
}

export function useVisitorTyping(conversationId: string) {
  const { typing } = useLiveContext();
  return useSyncExternalStore(typing.subscribe, () => typing.get(conversationId));
}

export function usePendingMessages(conversationId: string) {
  const { outbox } = useLiveContext();
  return useSyncExternalStore(outbox.subscribe, () => outbox.list(conversationId));
}

export function useOutbox(): Outbox {
  return useLiveContext().outbox;
}

export function useTeamOutbox(): Outbox {
  return useLiveContext().teamOutbox;
}

export function useTeamPendingMessages(conversationId: string) {
  const { teamOutbox } = useLiveContext();
  return useSyncExternalStore(teamOutbox.subscribe, () => teamOutbox.list(conversationId));
}

export function useLiveGeneration(): number {
  return useLiveContext().generation;
}
