// The live feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { ConnectionBanner } from './components/connection-banner';
export {
  LiveProvider,
  useLiveEvents,
  useOutbox,
  usePendingMessages,
  useTeamOutbox,
  useTeamPendingMessages,
  useVisitorTyping,
} from './components/live-provider';
export { setOpenTeamChat } from './open-team-chat';
