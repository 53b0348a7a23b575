/** The wire contract beyond what `AppRouter` says by itself, for clients to import type-only. */
export type { ConsoleEvent, PresenceEvent, WidgetEvent } from './events';
export type { TVisitorFilter } from './visitor-filter';
