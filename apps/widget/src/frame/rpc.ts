import { createTRPCUntypedClient, createWSClient, wsLink } from '@trpc/client';
import type {
  Contact,
  HistoryOutput,
  OfflineMessageInput,
  PageCopy,
  RateInput,
  SendInput,
  StartInput,
  StartOutput,
  TranscriptInput,
  Visitor,
  WidgetEvent,
  WidgetMessage,
  WidgetRating,
} from '../types';

/** What the UI needs to know about a failed call: the stable app code and HTTP status. */
export class RpcError extends Error {
  constructor(
    message: string,
    readonly appCode: string | undefined,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

export function toRpcError(err: unknown): RpcError {
  if (err instanceof RpcError) return err;
  const e = err as { message?: string; data?: { appCode?: string; httpStatus?: number } | null };
  return new RpcError(e?.message ?? 'error', e?.data?.appCode, e?.data?.httpStatus);
}

/** `widget.start` over plain HTTP (no batching, no transformer: the body is the input). */
export async function startWidget(input: StartInput): Promise<StartOutput> {
  const res = await fetch('/trpc/widget.start', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const json = (await res.json().catch(() => null)) as {
    result?: { data: StartOutput };
    error?: { message: string; data?: { appCode?: string; httpStatus?: number } };
  } | null;
  if (json?.result) return json.result.data;
  throw toRpcError(json?.error ?? { message: `HTTP ${res.status}`, data: { httpStatus: res.status } });
}

export interface SocketCallbacks {
  onOpen(): void;
  onClose(): void;
}

/**
 * The visitor's one WebSocket: every `widget.*` call after start goes over it. Typed by hand
 * against the contract (src/types.ts) so the widget needs nothing from the API at runtime.
 */
export function connectWidget(visitorToken: string, cb: SocketCallbacks) {
  const ws = createWSClient({
    url: `${location.origin.replace(/^http/, 'ws')}/trpc`,
    connectionParams: () => ({ visitorToken }),
  });
  // The state stream, not onOpen/onClose: a failed reconnect attempt never fires onClose.
  let up = false;
  ws.connectionState.subscribe({
    next(s) {
      if ((s.state === 'pending') === up) return;
      up = !up;
      if (up) cb.onOpen();
      else cb.onClose();
    },
  });
  const client = createTRPCUntypedClient({ links: [wsLink({ client: ws })] });
  const mutate = <T>(path: string, input: unknown) =>
    (client.mutation(`widget.${path}`, input) as Promise<T>).catch((e) => {
      throw toRpcError(e);
    });

  return {
    send: (input: SendInput) => mutate<WidgetMessage>('send', input),
    typing: (text: string) => mutate<unknown>('typing', { text }),
    read: () => mutate<unknown>('read', {}),
    ping: () => mutate<unknown>('ping', {}),
    pageSnapshot: (input: { requestId: string; agentId: string; url: string } & PageCopy) =>
      mutate<unknown>('pageSnapshot', input),
    setContact: (contact: Contact) => mutate<Visitor>('setContact', contact),
    offlineMessage: (input: OfflineMessageInput) => mutate<unknown>('offlineMessage', input),
    /** G7: rating, transcript, ending the chat. */
    rate: (input: RateInput) => mutate<WidgetRating>('rate', input),
    transcript: (input: TranscriptInput) => mutate<{ ok: true; to: string }>('transcript', input),
    end: (conversationId: string) => mutate<{ ok: true }>('end', { conversationId }),
    rating: (conversationId: string) =>
      (client.query('widget.rating', { conversationId }) as Promise<WidgetRating | null>).catch((e) => {
        throw toRpcError(e);
      }),
    history: (before?: string) =>
      (client.query('widget.history', before ? { before } : {}) as Promise<HistoryOutput>).catch((e) => {
        throw toRpcError(e);
      }),
    /** Tracked events arrive as `{ id, data }`, ephemeral ones (typing) as the bare event. */
    events(
      lastEventId: string | null,
      onEvent: (event: WidgetEvent, id: string | null) => void,
      onError: (err: RpcError) => void,
    ) {
      return client.subscription('widget.events', lastEventId ? { lastEventId } : {}, {
        onData(raw: unknown) {
          const r = raw as { id?: string; data?: WidgetEvent; type?: string };
          if (r && typeof r.id === 'string' && r.data && typeof r.data === 'object') onEvent(r.data, r.id);
          else if (r && typeof r.type === 'string') onEvent(raw as WidgetEvent, null);
        },
        onError: (e: unknown) => onError(toRpcError(e)),
      });
    },
    /** H1: `calls.start`, `calls.visitorSignal`, `calls.visitorHangup` (frame/call/). */
    calls: <T>(path: string, input: unknown) =>
      (client.mutation(`calls.${path}`, input) as Promise<T>).catch((e) => {
        throw toRpcError(e);
      }),
    close: () => ws.close(),
  };
}

export type WidgetSocket = ReturnType<typeof connectWidget>;
