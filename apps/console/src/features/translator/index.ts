// The translator feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { MessageBody } from './components/message-body';
export { TranslatorToggle } from './components/translator-toggle';
