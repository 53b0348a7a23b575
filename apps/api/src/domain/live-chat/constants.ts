/** A visitor whose page has not pinged for this long is shown offline (the widget pings every 15 s). */
export const VISITOR_ONLINE_MS = 45_000;
/** A console that has not beaten for this long goes offline (it beats every 20 s). */
export const AGENT_OFFLINE_AFTER_MS = 60_000;
/** Page views with a gap longer than this start a new visit. */
export const VISIT_GAP_MS = 30 * 60_000;
export const MESSAGE_MAX = 5000;
/** What is recorded of a page view; longer titles and URLs are cut, never refused (docs/live-chat.md). */
export const PAGE_TITLE_MAX = 300;
export const PAGE_URL_MAX = 2000;
export const HISTORY_PAGE = 50;

/** Bus/LiveEvent topics. */
export const CONSOLE_TOPIC = 'console';
export const visitorTopic = (visitorId: string) => `visitor:${visitorId}`;
export const channelTopic = (channelId: string) => `channel:${channelId}`;
/** Control messages for one agent's open sockets (e.g. disabled: end subscriptions now). */
export const userControlTopic = (userId: string) => `user:${userId}`;
