// A team (direct or group) chat as the console lists it and the `team.conversation` live event
// carries it. team-chat.ts builds it; its shape lives here because the live-event union does, and
// live-chat must not import team-chat, which builds on live-chat's messages.
import type { Presence } from '@parley/db';

export interface TeamConversationView {
  id: string;
  kind: 'group' | 'direct';
  title: string | null;
  members: { id: string; name: string; avatarUrl: string | null; presence: Presence }[];
  lastMessage: { body: string; authorId: string | null; authorName: string | null; createdAt: string } | null;
  unread: number;
  lastMessageAt: string;
}
