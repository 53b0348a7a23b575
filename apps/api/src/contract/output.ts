import type { TrackedEnvelope } from '@trpc/server';
import { z } from 'zod';

/**
 * Output schemas. Every procedure declares one (test/contract.test.ts walks the router); clients
 * infer their types from it through `AppRouter`.
 */

/** What a command answers when there is nothing to tell but that it happened. */
export const ZOk = z.object({ ok: z.literal(true) });

/**
 * The output is the domain function's declared type `T`, checked by the compiler and not parsed at
 * run time. Used where the answer is a domain view (a chat, a visitor record, …): the view's type is
 * the contract, written once in domain code, so the two cannot drift apart.
 */
export const typeOnly = <T>() => z.custom<T>(() => true);

/**
 * A subscription's output: a stream of `E`, each stored one wrapped by `tracked()` so the client can
 * resume after it with `lastEventId`. Only the stream itself is checked; events are typed by `E`.
 */
export const eventStream = <E>() =>
  z.custom<AsyncIterable<E | TrackedEnvelope<E>, void, unknown>>(
    (value) => typeof value === 'object' && value !== null && Symbol.asyncIterator in value,
  );

/** What an async domain function resolves to: `typeOnly<ResultOf<typeof listInbox>>()`. */
// biome-ignore lint/suspicious/noExplicitAny: any function's parameters.
export type ResultOf<F extends (...args: any[]) => unknown> = Awaited<ReturnType<F>>;
