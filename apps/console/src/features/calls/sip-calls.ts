import { createContext, useContext } from 'react';

/**
 * H2 softphone model: the SIP calls the softphone (features/softphone) holds, as the call cards and
 * the call bar need them. The softphone provides it; calls only consume it, so the two features do
 * not import each other.
 */
export type TSipCalls = {
  /** Whether this server call id is a SIP call of this browser's softphone. */
  owns: (callId: string) => boolean;
  /**
   * Resolves once the softphone's reports of incoming SIP calls still on their way have answered.
   * Until then a ringing card may be one of ours whose server id the softphone does not know yet.
   */
  settled: () => Promise<void>;
  accept: (callId: string) => Promise<void>;
  decline: (callId: string) => void;
  hangUp: (callId?: string) => void;
  setMuted: (callId: string, muted: boolean) => Promise<void>;
};

export const SipCallsContext = createContext<TSipCalls | null>(null);

export function useSipCalls(): TSipCalls | null {
  return useContext(SipCallsContext);
}

/** Who carries a ringing call's audio: this browser's SIP session, the provider's bridge, or WebRTC. */
export type TCallRoute = 'sip' | 'bridge' | 'webrtc';

/**
 * How the console answers (or declines) a ringing call. The server's `call.ringing` event travels
 * over the WebSocket and can arrive before the HTTP answer to the softphone's `incoming` report, the
 * one that tells the softphone the call's server id: an Accept clicked in that gap must still answer
 * the SIP session, not ask the server to bridge the call (which fails for a SIP channel). So a phone
 * call not known as ours yet waits for the softphone's reports in flight before the bridge is chosen.
 */
export async function routeOf(
  call: { id: string; kind: string },
  sip: TSipCalls | null,
): Promise<TCallRoute> {
  if (sip?.owns(call.id)) return 'sip';
  if (call.kind !== 'phone') return 'webrtc';
  if (sip) {
    await sip.settled();
    if (sip.owns(call.id)) return 'sip';
  }
  return 'bridge';
}
