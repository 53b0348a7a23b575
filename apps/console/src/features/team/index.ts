// The team feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { AgentSettingsPage } from './components/agent-settings-page';
export { MemberItem } from './components/member-item';
export { RoleLabel, roleMessages } from './components/role-label';
export { TeamChatsPage } from './components/team-chats-page';
export { TeamPage } from './components/team-page';
