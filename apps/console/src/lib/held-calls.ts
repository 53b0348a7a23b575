/**
 * The calls whose audio this tab holds (a WebRTC call in the call bar, the softphone's SIP calls).
 * The presence heartbeat names them, which keeps their records alive on the server: a call this tab
 * stops naming (the tab closed, crashed or lost its network) is ended by the server's sweep.
 * Each holder (the call center, the softphone) sets its own list, so neither drops the other's.
 */
const holders = new Map<string, readonly string[]>();

export function setHeldCalls(holder: string, callIds: readonly string[]): void {
  if (callIds.length === 0) holders.delete(holder);
  else holders.set(holder, callIds);
}

export function heldCalls(): string[] {
  return [...new Set([...holders.values()].flat())];
}
