/**
 * Which team chat is on screen in this tab, so a live update for it doesn't light an unread badge the
 * agent is reading past (the view marks it read on the server at the same moment). One console per tab,
 * so one module-level value is enough.
 */
let openChatId: string | null = null;

export function setOpenTeamChat(conversationId: string | null): void {
  openChatId = conversationId;
}

export function isTeamChatInView(conversationId: string): boolean {
  return (
    openChatId === conversationId &&
    (typeof document === 'undefined' || document.visibilityState === 'visible')
  );
}
