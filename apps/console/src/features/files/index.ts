// The files feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { ComposerMedia } from './components/composer-media';
export { MessageMedia } from './components/message-media';
