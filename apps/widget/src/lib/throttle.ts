/**
 * Calls `fn` at most once per `ms` with the latest value (leading and trailing). `flush(value)`
 * sends immediately and cancels a pending trailing call: used for "stopped typing".
 */
export function createThrottle<T>(fn: (value: T) => void, ms: number, now: () => number = Date.now) {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let latest: T;
  const fire = () => {
    timer = null;
    last = now();
    fn(latest);
  };
  return {
    push(value: T) {
      latest = value;
      if (timer) return;
      const wait = last + ms - now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    flush(value: T) {
      if (timer) clearTimeout(timer);
      latest = value;
      fire();
    },
  };
}
