import { createContext, useContext } from 'react';

/**
 * H2 softphone model: the SIP calls the softphone (features/softphone) holds, as the call cards and
 * the call bar need them. The softphone provides it; calls only consume it, so the two features do
 * not import each other.
 */
export type TSipCalls = {
  /** Whether this server call id is a SIP call of this browser's softphone. */
  owns: (callId: string) => boolean;
  accept: (callId: string) => Promise<void>;
  decline: (callId: string) => void;
  hangUp: (callId?: string) => void;
  setMuted: (callId: string, muted: boolean) => Promise<void>;
};

export const SipCallsContext = createContext<TSipCalls | null>(null);

export function useSipCalls(): TSipCalls | null {
  return useContext(SipCallsContext);
}
