// The chats feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { InboxPage, MyChatsPage } from './components/chat-list-pages';
export { ChatPage } from './components/chat-page';
export { ChatView } from './components/chat-view';
export { Composer } from './components/composer';
export { Transcript } from './components/transcript';
export { useLoadEarlier } from './hooks/use-load-earlier';
export { useMarkReadWhileVisible } from './hooks/use-mark-read';
