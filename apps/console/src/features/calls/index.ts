// The calls feature's public face (H1): app-shell.tsx mounts the call center.

// The softphone (features/softphone) opens the chosen microphone and speaker the same way calls do.
export { applySpeaker, loadCallSettings, openChosenMicrophone } from './call-settings';
export { CallCenter } from './components/call-center';
export { SipCallsContext, type TSipCalls } from './sip-calls';
