// The calls feature's public face (H1): app-shell.tsx mounts the call center.
export { CallCenter } from './components/call-center';

// The softphone (features/softphone) opens the chosen microphone and speaker the same way calls do.
export { applySpeaker, loadCallSettings, openChosenMicrophone } from './call-settings';
