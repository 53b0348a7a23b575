import { type ErrorRing, errorRing } from './ring';

/** The event lib/trpc.ts dispatches on window when a call fails: its path and error code only. */
export const API_ERROR_EVENT = 'parley:api-error';

function describe(value: unknown): { message: string; stack?: string } {
  if (value instanceof Error)
    return { message: `${value.name}: ${value.message}`, ...(value.stack ? { stack: value.stack } : {}) };
  if (typeof value === 'string') return { message: value };
  return { message: Object.prototype.toString.call(value) };
}

let installed = false;

/**
 * Starts keeping errors and warnings: uncaught errors, unhandled rejections, failed API calls
 * (procedure and code) and console.error/console.warn. Returns a function that stops it (tests).
 */
export type TCaptureTarget = Pick<Window, 'addEventListener' | 'removeEventListener' | 'location'> & {
  console: Pick<Console, 'error' | 'warn'>;
};

export function installErrorCapture(
  target: TCaptureTarget = window as unknown as TCaptureTarget,
  ring: ErrorRing = errorRing,
): () => void {
  if (installed) return () => {};
  installed = true;
  const route = () => target.location.pathname;
  const onError = (event: ErrorEvent) => {
    const described = event.error ? describe(event.error) : { message: event.message || 'Script error' };
    ring.add({ level: 'error', source: 'window', route: route(), ...described });
  };
  const onRejection = (event: PromiseRejectionEvent) => {
    ring.add({ level: 'error', source: 'promise', route: route(), ...describe(event.reason) });
  };
  const onApiError = (event: Event) => {
    const detail = (event as CustomEvent<{ path?: string; code?: string }>).detail ?? {};
    ring.add({
      // A server fault is an error; a refusal (validation, not found, forbidden…) a warning.
      level: detail.code === 'INTERNAL_SERVER_ERROR' || !detail.code ? 'error' : 'warn',
      source: 'trpc',
      message: `${detail.path ?? '?'} failed: ${detail.code ?? 'network'}`,
      route: route(),
      ...(detail.path ? { path: detail.path } : {}),
      ...(detail.code ? { code: detail.code } : {}),
    });
  };
  const original = { error: target.console.error, warn: target.console.warn };
  const wrap =
    (level: 'error' | 'warn') =>
    (...args: unknown[]) => {
      original[level].apply(target.console, args);
      try {
        const first = args.find((a) => a instanceof Error) ?? args[0];
        ring.add({ level, source: 'console', route: route(), ...describe(first) });
      } catch {
        // Keeping a log must never break the console.
      }
    };
  target.console.error = wrap('error');
  target.console.warn = wrap('warn');
  target.addEventListener('error', onError);
  target.addEventListener('unhandledrejection', onRejection);
  target.addEventListener(API_ERROR_EVENT, onApiError);
  return () => {
    installed = false;
    target.console.error = original.error;
    target.console.warn = original.warn;
    target.removeEventListener('error', onError);
    target.removeEventListener('unhandledrejection', onRejection);
    target.removeEventListener(API_ERROR_EVENT, onApiError);
  };
}
