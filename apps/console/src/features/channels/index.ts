// The channels feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { ChannelPage } from './components/channel-page';
export { ChannelsPage } from './components/channels-page';
