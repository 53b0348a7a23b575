/**
 * A live subscription that, like the console and the widget, starts again from the last event id it
 * received when the server ends it (a slow consumer cut off at 500 queued events, a restart): without
 * this, one cut under overload made the harness count every later message as lost although the
 * server still had them in its log. A stream ended for lack of rights (UNAUTHORIZED, FORBIDDEN) is
 * not resumed: the console and the widget stop there too.
 */

export interface ResumeHandlers<T> {
  onData(data: T): void;
  /** Every start, the first and each resumed one. */
  onStarted?(): void;
  /** The server ended the stream and it is being resumed from `lastEventId`. */
  onResume?(error: unknown, lastEventId: string | undefined): void;
  /** The stream ended for good (refused rights). */
  onFailed?(error: unknown): void;
}

type Subscribe<T> = (
  input: { lastEventId?: string },
  handlers: {
    onStarted(): void;
    onData(data: T): void;
    onError(error: unknown): void;
    onStopped?(): void;
  },
) => { unsubscribe(): void };

const FINAL_CODES = new Set(['UNAUTHORIZED', 'FORBIDDEN']);

function isFinal(error: unknown): boolean {
  const e = error as { data?: { code?: string }; shape?: { data?: { code?: string } } } | null;
  const code = e?.data?.code ?? e?.shape?.data?.code;
  return code !== undefined && FINAL_CODES.has(code);
}

/** The id of a `tracked()` event (`{ id, data }`), if it is one. */
export function trackedId(d: unknown): string | undefined {
  if (d && typeof d === 'object' && 'id' in d && 'data' in d) {
    const id = (d as { id: unknown }).id;
    if (typeof id === 'string' && id !== '') return id;
  }
  return undefined;
}

export function resumingSubscription<T>(
  subscribe: Subscribe<T>,
  handlers: ResumeHandlers<T>,
  opts: { retryDelayMs?: (attempt: number) => number } = {},
): { unsubscribe(): void; lastEventId(): string | undefined; resumes(): number } {
  const delay = opts.retryDelayMs ?? ((attempt: number) => Math.min(50 * 2 ** attempt, 2000));
  let lastEventId: string | undefined;
  let current: { unsubscribe(): void } | null = null;
  let closed = false;
  let resumes = 0;
  /** Failed starts in a row (no event between), for the back-off. */
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const start = () => {
    if (closed) return;
    let ended = false;
    const end = (error: unknown) => {
      if (ended || closed) return;
      ended = true;
      current?.unsubscribe();
      current = null;
      if (isFinal(error)) {
        closed = true;
        handlers.onFailed?.(error);
        return;
      }
      resumes++;
      handlers.onResume?.(error, lastEventId);
      timer = setTimeout(start, delay(attempt++));
    };
    current = subscribe(lastEventId ? { lastEventId } : {}, {
      onStarted: () => handlers.onStarted?.(),
      onData: (d) => {
        if (ended) return;
        attempt = 0;
        lastEventId = trackedId(d) ?? lastEventId;
        handlers.onData(d);
      },
      onError: (error) => end(error),
      onStopped: () => end(new Error('stopped by the server')),
    });
  };
  start();
  return {
    unsubscribe() {
      closed = true;
      clearTimeout(timer);
      current?.unsubscribe();
      current = null;
    },
    lastEventId: () => lastEventId,
    resumes: () => resumes,
  };
}
