// The chat-tools feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { BanNotice } from './components/ban-notice';
export { BansPage } from './components/bans-page';
export { CannedPage } from './components/canned-page';
export { ChatToolsBar } from './components/chat-tools-bar';
export { NoteItem } from './components/note-item';
export { RemindersPage } from './components/reminders-page';
export { ShortcutLayer } from './components/shortcut-layer';
export { ShortcutsPage } from './components/shortcuts-page';
export { TagFilter } from './components/tag-filter';
export { TagsPage } from './components/tags-page';
export { ToolNotifications } from './components/tool-notifications';
export { VisitorTagEditor } from './components/visitor-tag-editor';
export { useComposerTools } from './hooks/use-composer-tools';
