// The widget's procedures, one module per job; this index keeps the import path the routers use.
export { emitVisitor } from './emit-visitor';
export { openConversation } from './open-conversation';
export { assertNotBanned, isBanned } from './widget-bans';
export { type ContactInput, setVisitorContact } from './widget-contact';
export { visitorHistory, visitorRead } from './widget-conversation';
export type { WidgetDeps } from './widget-deps';
export { endStaleVisits, visitorLeft, visitorPing } from './widget-presence';
export { type SendInput, visitorOfflineMessage, visitorSend } from './widget-send';
export { NEW_VISITORS_PER_IP, type StartInput, startWidget } from './widget-start';
export { visitorTyping } from './widget-typing';
