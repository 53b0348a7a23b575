import type { AppRouter } from '@parley/api';
import { QueryCache, QueryClient } from '@tanstack/react-query';
import { createWSClient, httpBatchLink, splitLink, type TRPCLink, wsLink } from '@trpc/client';
import { createTRPCReact, getQueryKey } from '@trpc/react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { observable } from '@trpc/server/observable';
import { readErrorShape } from './errors';

export const trpc = createTRPCReact<AppRouter>();

export type TRouterInputs = inferRouterInputs<AppRouter>;
export type TRouterOutputs = inferRouterOutputs<AppRouter>;
export type TMe = NonNullable<TRouterOutputs['auth']['me']>;

export function getMeQueryKey() {
  return getQueryKey(trpc.auth.me, undefined, 'query');
}

function getWsUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${protocol}://${window.location.host}/trpc`;
}

/**
 * J3: a failed call is announced on window as `parley:api-error` with its procedure path and error
 * code only (never its input or message); the error-log feature keeps it.
 */
const reportFailuresLink: TRPCLink<AppRouter> =
  () =>
  ({ op, next }) =>
    observable((observer) =>
      next(op).subscribe({
        next: (value) => observer.next(value),
        complete: () => observer.complete(),
        error: (error) => {
          const code = (error.data as { code?: string } | undefined)?.code;
          window.dispatchEvent(new CustomEvent('parley:api-error', { detail: { path: op.path, code } }));
          observer.error(error);
        },
      }),
    );

export type TApiClients = ReturnType<typeof createApiClients>;

let sessionCounter = 0;

/**
 * One set of clients per login session. The WebSocket authenticates with the session cookie at connect
 * time, so after login or logout the console throws the whole set away and starts a fresh one instead of
 * trying to re-authenticate a live socket.
 */
export function createApiClients() {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // A revoked or expired session: drop the user so the router sends them to the login page.
        const isMeQuery = JSON.stringify(query.queryKey[0]) === JSON.stringify(getMeQueryKey()[0]);
        if (readErrorShape(error).code === 'UNAUTHORIZED' && !isMeQuery) {
          queryClient.setQueryData(getMeQueryKey(), null);
        }
      },
    }),
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => {
          const { code } = readErrorShape(error);
          if (code && code !== 'INTERNAL_SERVER_ERROR') return false;
          return failureCount < 2;
        },
      },
    },
  });
  // Lazy: the socket only opens while a subscription is running (the console's live stream, once logged
  // in) and closes shortly after the last ends. Keep-alive pings notice a dead network within seconds
  // instead of waiting for TCP to give up, so the "reconnecting" banner and the catch-up are prompt.
  const wsClient = createWSClient({
    url: getWsUrl,
    lazy: { enabled: true, closeMs: 10_000 },
    keepAlive: { enabled: true, intervalMs: 5_000, pongTimeoutMs: 3_000 },
    retryDelayMs: (attempt) => Math.min(500 * 2 ** attempt, 5_000),
  });
  const trpcClient = trpc.createClient({
    links: [
      reportFailuresLink,
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: wsClient }),
        false: httpBatchLink({
          url: '/trpc',
          fetch: (url, options) => fetch(url, { ...options, credentials: 'same-origin' }),
        }),
      }),
    ],
  });
  sessionCounter += 1;
  return { id: sessionCounter, queryClient, wsClient, trpcClient };
}
