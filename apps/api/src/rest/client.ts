import type { z } from 'zod';
import type { RestRoute } from './router';

/**
 * A typed client of the REST API (/api/v1) for TypeScript code, typed end to end like a tRPC client:
 * the route names, path parameters, query, body and answer types come from the server's own endpoint
 * table (./router.ts) and zod schemas, so a renamed field fails to compile instead of at run time. It
 * imports only types from the server, so a bundle carries just this file (and `fetch`). Authenticates
 * with an API token (Manage → API), unlike the console's tRPC endpoint. docs/api.md shows it in use.
 */

/** `'GET /conversations/{id}'`, … : every route as its method and path. */
export type RestRouteKey = RestRoute extends infer R
  ? R extends { method: infer M extends string; path: infer P extends string }
    ? `${M} ${P}`
    : never
  : never;

type RouteOf<K extends RestRouteKey> = K extends `${infer M} ${infer P}`
  ? Extract<RestRoute, { method: M; path: P }>
  : never;

type PathParams<P extends string> = P extends `${string}{${infer N}}${infer Rest}`
  ? { [key in N]: string } & PathParams<Rest>
  : unknown;

/** What a call of the route takes: `params` for the path, `query`, `body` as the route has them. */
export type RestArgs<K extends RestRouteKey> = (RouteOf<K>['path'] extends `${string}{${string}`
  ? { params: PathParams<RouteOf<K>['path']> }
  : { params?: undefined }) &
  (RouteOf<K> extends { query: infer Q extends z.ZodType } ? { query?: z.input<Q> } : { query?: undefined }) &
  (RouteOf<K> extends { body: infer B extends z.ZodType } ? { body: z.input<B> } : { body?: undefined });

/** The route's answer, as its output schema gives it (times are ISO strings). */
export type RestOutput<K extends RestRouteKey> = z.output<RouteOf<K>['output']>;

/** An answer other than 2xx, with the API's stable error code (docs/api.md, Errors). */
export class ParleyApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors?: Record<string, string>,
    /** Seconds to wait before the next call, on a 429. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ParleyApiError';
  }
}

export interface ParleyClientOptions {
  /** The server's API base, e.g. `https://chat.example.com/api/v1`. */
  baseUrl: string;
  /** An API token (`prl_…`). */
  token: string;
  /** Language of error messages (Accept-Language); codes are the same in every language. */
  locale?: string;
  fetch?: typeof fetch;
}

type Call = <K extends RestRouteKey>(
  route: K,
  ...args: object extends RestArgs<K> ? [args?: RestArgs<K>] : [args: RestArgs<K>]
) => Promise<RestOutput<K>>;

export function createParleyClient(options: ParleyClientOptions): { call: Call } {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  const call = async (route: string, args?: { params?: object; query?: object; body?: object }) => {
    const [method = 'GET', template = '/'] = route.split(' ');
    const params = (args?.params ?? {}) as Record<string, string>;
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(args?.query ?? {}))
      if (value !== undefined && value !== null) query.set(key, String(value));
    const qs = query.size > 0 ? `?${query}` : '';
    const res = await doFetch(`${base}${path}${qs}`, {
      method,
      headers: {
        authorization: `Bearer ${options.token}`,
        ...(options.locale ? { 'accept-language': options.locale } : {}),
        ...(args?.body ? { 'content-type': 'application/json' } : {}),
      },
      ...(args?.body ? { body: JSON.stringify(args.body) } : {}),
    });
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (!res.ok) {
      const error = (
        json as { error?: { code?: string; message?: string; fieldErrors?: Record<string, string> } }
      )?.error;
      const retry = Number(res.headers.get('retry-after'));
      throw new ParleyApiError(
        res.status,
        error?.code ?? 'http',
        error?.message ?? `HTTP ${res.status}`,
        error?.fieldErrors,
        Number.isFinite(retry) && retry > 0 ? retry : undefined,
      );
    }
    return json;
  };
  return { call: call as Call };
}
