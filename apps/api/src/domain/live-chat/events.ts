/** The event unions are part of the wire contract (contract/events.ts); domain code names them from here. */
export type { ConsoleEvent, WidgetEvent } from '../../contract/events';
