// The notifications feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { ChatRequests } from './components/chat-requests';
export { LiveAnnouncer } from './components/live-announcer';
export { TeamMessageNotifications } from './components/team-message-notifications';
export { VisitorArrivalSound } from './components/visitor-arrival-sound';
export { showOsNotification } from './os-notification';
export { useSoundPreferences } from './sound-store';
