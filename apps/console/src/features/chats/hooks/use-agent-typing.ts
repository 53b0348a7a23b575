import { useCallback, useEffect, useRef } from 'react';
import { trpc } from '../../../lib/trpc';

const SEND_EVERY_MS = 2_500;
const STOP_AFTER_MS = 4_000;

/**
 * Tells the visitor that the agent is typing (`chats.typing`), throttled: one "typing" at most every
 * 2.5 s while keys are pressed, one "stopped" after 4 s of silence, on send and when leaving the chat.
 */
export function useAgentTyping(conversationId: string, enabled: boolean) {
  const typing = trpc.chats.typing.useMutation();
  const send = typing.mutate;
  const lastSent = useRef(0);
  const active = useRef(false);
  const stopTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const stop = useCallback(() => {
    clearTimeout(stopTimer.current);
    if (!active.current) return;
    active.current = false;
    lastSent.current = 0;
    send({ conversationId, typing: false });
  }, [conversationId, send]);

  const touch = useCallback(
    (text: string) => {
      if (!enabled) return;
      if (text.trim() === '') {
        stop();
        return;
      }
      const now = Date.now();
      if (!active.current || now - lastSent.current > SEND_EVERY_MS) {
        active.current = true;
        lastSent.current = now;
        send({ conversationId, typing: true });
      }
      clearTimeout(stopTimer.current);
      stopTimer.current = setTimeout(stop, STOP_AFTER_MS);
    },
    [conversationId, enabled, send, stop],
  );

  useEffect(() => stop, [stop]);
  return { touch, stop };
}
