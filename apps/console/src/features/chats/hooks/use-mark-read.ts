import { useEffect, useRef } from 'react';

/**
 * Marks an open conversation read while the tab is visible (unread badges): now, when the tab comes
 * back into view, and again whenever `trigger` changes (a new message from the other side). Shared by
 * the visitor chat and the team chat views.
 */
export function useMarkReadWhileVisible(options: {
  /** False where reading counts for nothing (not my chat, read-only, nothing unread). */
  active: boolean;
  trigger: unknown;
  /** A read already on its way: no second one. */
  pending: boolean;
  markRead: () => void;
}) {
  const latest = useRef(options);
  latest.current = options;
  const { active, trigger } = options;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new trigger (message) reads again on purpose
  useEffect(() => {
    if (!active) return;
    const maybeRead = () => {
      if (document.visibilityState === 'visible' && !latest.current.pending) latest.current.markRead();
    };
    maybeRead();
    document.addEventListener('visibilitychange', maybeRead);
    return () => document.removeEventListener('visibilitychange', maybeRead);
  }, [active, trigger]);
}
