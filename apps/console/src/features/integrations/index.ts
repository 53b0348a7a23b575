// The integrations feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { AddChannelPage } from './components/add-channel-page';
export { ChannelListItem } from './components/channel-list-item';
export { DeliveryStatus } from './components/delivery-status';
export { EditedNote } from './components/edited-note';
export { IntegrationsPage } from './components/integrations-page';
export { ReplyWindowBanner } from './components/reply-window-banner';
