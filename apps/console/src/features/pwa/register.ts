/** A7: registers dist/sw.js (production builds only: the dev server has no worker). */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // No worker (a private window, an insecure origin): the console works as a plain page.
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

/** The service worker's "open this console path" message (a notification was clicked). */
export function onOpenRequest(open: (url: string) => void): () => void {
  if (!('serviceWorker' in navigator)) return () => {};
  const listener = (event: MessageEvent) => {
    const data = event.data as { type?: string; url?: unknown } | null;
    if (data?.type === 'parley:open' && typeof data.url === 'string' && data.url.startsWith('/'))
      open(data.url);
  };
  navigator.serviceWorker.addEventListener('message', listener);
  return () => navigator.serviceWorker.removeEventListener('message', listener);
}

type TInstallPrompt = Event & { prompt: () => Promise<void>; userChoice: Promise<{ outcome: string }> };
let installPrompt: TInstallPrompt | null = null;
const installListeners = new Set<() => void>();

/** Chromium offers installing the console: keep its prompt for the "Install app" button. */
export function watchInstallPrompt(): void {
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    installPrompt = event as TInstallPrompt;
    for (const listener of installListeners) listener();
  });
  window.addEventListener('appinstalled', () => {
    installPrompt = null;
    for (const listener of installListeners) listener();
  });
}

export const installState = {
  subscribe(listener: () => void) {
    installListeners.add(listener);
    return () => installListeners.delete(listener);
  },
  canInstall: () => installPrompt !== null,
  async install() {
    const prompt = installPrompt;
    if (!prompt) return;
    await prompt.prompt();
    await prompt.userChoice.catch(() => undefined);
    installPrompt = null;
    for (const listener of installListeners) listener();
  },
};
