// The calls feature's public face (H1): app-shell.tsx mounts the call center.
export { CallCenter } from './components/call-center';
