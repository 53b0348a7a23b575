export type { ConsoleEvent, PresenceEvent, WidgetEvent } from './contract';
// The answer of POST /uploads/plugin-package (not a procedure, so not in AppRouter).
export type { PackagePreview } from './domain/integrations/packages';
// Limits the widget's own copy of the contract is checked against (type-only: `typeof MESSAGE_MAX`).
export type { MESSAGE_MAX } from './domain/live-chat/constants';
export type { SNAPSHOT_MAX } from './domain/live-chat/pointer';
export type { RATING_COMMENT_MAX } from './domain/ratings/ratings';
export type { CONTACT_NAME_MAX } from './lib/contact-schema';
export type { AppRouter } from './routers';
