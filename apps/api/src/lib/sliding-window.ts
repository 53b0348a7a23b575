/**
 * In-process sliding-window limiter for hot paths (visitor messages). A visitor's socket stays on one
 * API process, so a per-process count is the per-visitor count.
 */
export function createSlidingWindow(max: number, windowMs: number) {
  const hits = new Map<string, number[]>();
  let lastSweep = Date.now();
  return {
    /** Records a hit; false when the key is over its limit (the hit is then not recorded). */
    take(key: string, now = Date.now()): boolean {
      if (now - lastSweep > windowMs * 10) {
        for (const [k, times] of hits) if ((times.at(-1) ?? 0) <= now - windowMs) hits.delete(k);
        lastSweep = now;
      }
      const recent = (hits.get(key) ?? []).filter((t) => t > now - windowMs);
      if (recent.length >= max) {
        hits.set(key, recent);
        return false;
      }
      recent.push(now);
      hits.set(key, recent);
      return true;
    },
  };
}
