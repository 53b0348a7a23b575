import { PluginError } from '../errors.js';
import type { PluginFetch } from '../types.js';
import { assertPublicDestination } from './destinations.js';

export interface GuardedFetchOptions {
  plugin: string;
  installId?: string;
  /** Hostnames (`api.example.com`, `127.0.0.1`) or wildcards (`*.fbcdn.net`). */
  allowedHosts: readonly string[];
  timeoutMs: number;
  signal?: AbortSignal;
  maxRedirects?: number;
  fetchImpl?: typeof fetch;
  /** Refuse hosts that resolve to loopback, private or link-local addresses (host/destinations.ts). */
  refusePrivateNetwork?: boolean;
}

export function hostAllowed(hostname: string, allowed: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith('*.') ? host.endsWith(p.slice(1)) : host === p;
  });
}

/** The hostname of a base URL config value, or nothing when it is not a URL. */
export function hostOf(url: unknown): string | undefined {
  if (typeof url !== 'string' || !url) return undefined;
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

/**
 * `fetch` for a plugin: only http(s) to allowed hosts, redirects followed only to allowed hosts,
 * a timeout per request, aborted with the install.
 */
export function createGuardedFetch(options: GuardedFetchOptions): PluginFetch {
  const impl = options.fetchImpl ?? fetch;
  const maxRedirects = options.maxRedirects ?? 5;
  const stamp = { plugin: options.plugin, installId: options.installId };

  const check = (url: URL) => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new PluginError(`fetch refused: protocol ${url.protocol}`, { kind: 'invalid_plugin', ...stamp });
    }
    if (!hostAllowed(url.hostname, options.allowedHosts)) {
      throw new PluginError(`fetch refused: host ${url.hostname} is not allowed for this plugin`, {
        kind: 'invalid_plugin',
        retryable: false,
        ...stamp,
      });
    }
  };

  return async (input, init = {}) => {
    let url = new URL(String(input));
    const signals = [AbortSignal.timeout(options.timeoutMs)];
    if (options.signal) signals.push(options.signal);
    if (init.signal) signals.push(init.signal);
    const signal = AbortSignal.any(signals);
    let request: RequestInit = { ...init, signal, redirect: 'manual' };
    for (let hop = 0; ; hop++) {
      check(url);
      if (options.refusePrivateNetwork) await assertPublicDestination(url.hostname, stamp);
      let res: Response;
      try {
        res = await impl(url, request);
      } catch (error) {
        if (signal.aborted) {
          throw new PluginError(`fetch ${url.host} timed out or was aborted`, {
            kind: 'timeout',
            cause: error,
            ...stamp,
          });
        }
        throw new PluginError(`fetch ${url.host} failed: ${(error as Error).message}`, {
          kind: 'network',
          cause: error,
          ...stamp,
        });
      }
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location || init.redirect === 'manual') return res;
      if (hop >= maxRedirects)
        throw new PluginError('fetch: too many redirects', { kind: 'provider', ...stamp });
      url = new URL(location, url);
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && request.method === 'POST')) {
        request = { ...request, method: 'GET', body: null };
      }
    }
  };
}
