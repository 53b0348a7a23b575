import type { Database, Db } from '@parley/db';
import type { BusMessage, EventBus } from '../bus/event-bus';
import { newestEventId, readEventsSince } from './events';

/** A subscriber further behind than this is cut off; its client reconnects and catches up from the log. */
const MAX_QUEUED = 500;
const CATCH_UP_PAGE = 500;
/** How many delivered ids a stream remembers, to drop the live copy of an event the catch-up sent. */
const REMEMBERED_IDS = 2000;

/** The user behind the stream lost access (disabled): the subscription must end now. */
export class AccessRevokedError extends Error {
  constructor() {
    super('Access revoked');
  }
}

export class SlowConsumerError extends Error {
  constructor() {
    super('Subscriber fell too far behind; reconnect to catch up');
  }
}

export interface LiveStreamOptions {
  db: Db;
  /** The server's database, whose hot path reads where a new stream starts (else `db` through Prisma). */
  database?: Pick<Database, 'hotPath'> | undefined;
  bus: EventBus;
  accountId: string;
  userId: string;
  topics: string[];
  lastEventId?: string | null | undefined;
  signal?: AbortSignal | undefined;
  /** Any message on this topic ends the stream with AccessRevokedError (or `revokedError()`). */
  controlTopic?: string | undefined;
  /** The error a message on `controlTopic` ends the stream with, when not AccessRevokedError. */
  revokedError?: (() => Error) | undefined;
}

/**
 * Live events of some topics for one user: first what they missed since `lastEventId` (from the
 * database), then live ones from the bus. Subscribes before the catch-up read so nothing falls between.
 *
 * An iterator object rather than an async generator: a widget socket holds one for its whole life,
 * mostly waiting, and a generator keeps its register file, its closures (the bus handler, the
 * visibility check, the catch-up generator, …) and their contexts alive all along. This keeps the same
 * state in one object's fields (heap per idle stream: bench/RESULTS.md, `bench/src/micro/stream-heap.ts`).
 */
export function liveStream<T>(
  opts: LiveStreamOptions & {
    /** Turns each event into what the subscriber sends (instead of a generator around the stream). */
    map: (event: BusMessage) => T | Promise<T>;
  },
): AsyncGenerator<T>;
export function liveStream(opts: LiveStreamOptions): AsyncGenerator<BusMessage>;
export function liveStream(
  opts: LiveStreamOptions & { map?: (event: BusMessage) => unknown },
): AsyncGenerator<unknown> {
  return new LiveStream(opts) as unknown as AsyncGenerator<unknown>;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

class LiveStream {
  private readonly opts: LiveStreamOptions & { map?: (event: BusMessage) => unknown };
  private queue: BusMessage[] = [];
  private wake: (() => void) | undefined;
  private overflow = false;
  private revoked = false;
  private started = false;
  private done = false;
  /** Live events at or below the point the stream started from are the client's already. */
  private floor = 0;
  private lastId = 0;
  /** Redis was away since this id: events may have passed by unheard. */
  private missedSince: number | null = null;
  /** Reading the log after this id, page by page, before anything live (null: not reading). */
  private logCursor: number | null = null;
  /** Events of the current log page not yet handed out. */
  private backlog: BusMessage[] | null = null;
  /** Delivered ids, to drop the live copy of an event the catch-up sent; made on first delivery. */
  private delivered: Set<number> | undefined;
  private unsubscribes: (() => void)[] = [];
  private stopMissed: (() => void) | undefined;
  /** The bus's handler and its `onMissed` one (no argument): the one closure a stream needs. */
  private readonly onMessage: (m?: BusMessage) => void;

  constructor(opts: LiveStreamOptions & { map?: (event: BusMessage) => unknown }) {
    this.opts = opts;
    this.onMessage = (m) => (m ? this.receive(m) : this.missed());
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  private visible(m: BusMessage) {
    return this.opts.topics.includes(m.topic) && (!m.audience || m.audience.includes(this.opts.userId));
  }

  /** The bus handler of every topic the stream subscribed, the control topic included. */
  private receive(m: BusMessage) {
    // Any message on the control topic ends the stream (the user was disabled).
    const control = m.topic === this.opts.controlTopic;
    if (control) this.revoked = true;
    if (this.visible(m)) {
      if (this.queue.length >= MAX_QUEUED) this.overflow = true;
      else this.queue.push(m);
    } else if (!control) return;
    this.wake?.();
  }

  private missed() {
    this.missedSince = Math.min(this.missedSince ?? this.lastId, this.lastId);
    this.wake?.();
  }

  /** The abort signal's listener (EventTarget calls `handleEvent`; no closure per stream). */
  handleEvent() {
    this.wake?.();
  }

  private remember(id: number) {
    this.delivered ??= new Set();
    this.delivered.add(id);
    if (this.delivered.size > REMEMBERED_IDS)
      this.delivered.delete(this.delivered.values().next().value as number);
  }

  /**
   * The event as sent: its own id when it is the newest so far, else (it arrived late, overtaken on
   * the bus by a later one from another process) under the resume point the client already holds.
   */
  private resumable(m: BusMessage): BusMessage {
    if (m.id <= this.lastId) return { ...m, id: this.lastId };
    this.lastId = m.id;
    return m;
  }

  private async start() {
    const { opts } = this;
    this.started = true;
    // Without a lastEventId, replay from the account's newest event that existed before we subscribed, so
    // nothing published while the subscription becomes active (a Redis round trip) falls between. Per
    // account: ids are in commit order within an account (on PostgreSQL by a trigger), not across them.
    const startId = opts.lastEventId
      ? Number(opts.lastEventId)
      : await newestEventId(opts.db, opts.accountId, opts.topics, opts.database);
    const topics = opts.controlTopic ? [...opts.topics, opts.controlTopic] : opts.topics;
    const unsubscribes = await Promise.all(
      topics.map((topic) => opts.bus.subscribe(opts.accountId, topic, this.onMessage)),
    );
    // Ended (returned, aborted) while subscribing: let go at once.
    if (this.done) {
      for (const unsubscribe of unsubscribes) unsubscribe();
      return;
    }
    this.unsubscribes = unsubscribes;
    this.floor = Number.isFinite(startId) ? startId : 0;
    this.lastId = this.floor;
    this.stopMissed = opts.bus.onMissed(this.onMessage as () => void);
    opts.signal?.addEventListener('abort', this);
    if (Number.isFinite(startId)) this.logCursor = this.floor;
  }

  /** The next page of the log after `logCursor`: the visible events this stream has not sent. */
  private async readLogPage(afterId: number) {
    const { opts } = this;
    const page = await readEventsSince(opts.db, opts.accountId, opts.topics, afterId, CATCH_UP_PAGE);
    let cursor = afterId;
    const fresh: BusMessage[] = [];
    for (const m of page) {
      cursor = m.id;
      if (!this.visible(m) || this.delivered?.has(m.id)) continue;
      this.remember(m.id);
      fresh.push(m);
    }
    this.backlog = fresh.length ? fresh : null;
    this.logCursor = page.length < CATCH_UP_PAGE ? null : cursor;
  }

  async next(): Promise<IteratorResult<unknown, undefined>> {
    if (this.done) return DONE;
    try {
      if (!this.started) await this.start();
      for (;;) {
        if (this.done) return DONE;
        const backlog = this.backlog;
        if (backlog) {
          const m = backlog.shift() as BusMessage;
          if (backlog.length === 0) this.backlog = null;
          return this.send(this.resumable(m));
        }
        if (this.logCursor !== null) {
          await this.readLogPage(this.logCursor);
          continue;
        }
        if (this.opts.signal?.aborted) return this.finish();
        if (this.revoked) throw this.opts.revokedError?.() ?? new AccessRevokedError();
        if (this.overflow) throw new SlowConsumerError();
        if (this.missedSince !== null) {
          this.logCursor = this.missedSince;
          this.missedSince = null;
          continue;
        }
        const next = this.queue.shift();
        if (!next) {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
          });
          this.wake = undefined;
          continue;
        }
        if (next.ephemeral) return this.send(next);
        // Delivered already (by a read of the log), or older than where the stream started.
        if (next.id <= this.floor || this.delivered?.has(next.id)) continue;
        this.remember(next.id);
        return this.send(this.resumable(next));
      }
    } catch (err) {
      this.finish();
      throw err;
    }
  }

  /** The result for `event`: a promise only when `map` makes one (no extra async frame per event). */
  private send(event: BusMessage): IteratorYieldResult<unknown> | Promise<IteratorYieldResult<unknown>> {
    const { map } = this.opts;
    if (!map) return { done: false, value: event };
    const value = map(event);
    if (!(value instanceof Promise)) return { done: false, value };
    return value.then(
      (v) => ({ done: false, value: v }),
      (err: unknown) => {
        // As a throw in next(): the stream ends and lets go of the bus.
        this.finish();
        throw err;
      },
    );
  }

  /** Ends the stream (a `for await` that breaks, tRPC on stop): unsubscribes and wakes a waiting `next`. */
  async return(): Promise<IteratorResult<unknown, undefined>> {
    return this.finish();
  }

  async throw(err: unknown): Promise<IteratorResult<unknown, undefined>> {
    this.finish();
    throw err;
  }

  async [Symbol.asyncDispose]() {
    this.finish();
  }

  private finish(): IteratorReturnResult<undefined> {
    if (this.done) return DONE;
    this.done = true;
    this.stopMissed?.();
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.unsubscribes = [];
    this.opts.signal?.removeEventListener('abort', this);
    this.queue = [];
    this.backlog = null;
    this.wake?.();
    return DONE;
  }
}
