// The visitor side's shared steps: an agent speaking tRPC over HTTP, waiting. (The widget is built
// with everything else by vitest's global setup, support/ensure-built.ts.)

/** A logged-in agent speaking tRPC over HTTP (the console's own tests cover its UI). */
export function apiClient(url: string) {
  let cookie = '';
  async function call<T>(path: string, input: unknown, method: 'GET' | 'POST' = 'POST'): Promise<T> {
    const res =
      method === 'GET'
        ? await fetch(`${url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
            headers: { cookie },
          })
        : await fetch(`${url}/trpc/${path}`, {
            method,
            headers: { cookie, 'content-type': 'application/json' },
            body: JSON.stringify(input),
          });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0] ?? '';
    const json = (await res.json()) as { result?: { data: T }; error?: unknown };
    if (!json.result) throw new Error(`${path}: ${JSON.stringify(json.error)}`);
    return json.result.data;
  }
  return { call };
}

export async function eventually<T>(
  fn: () => Promise<T | undefined | null | false>,
  timeout = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}
