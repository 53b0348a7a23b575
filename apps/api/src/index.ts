export type { ConsoleEvent, PresenceEvent, WidgetEvent } from './contract';
export type { AppRouter } from './routers';
