// The call chunk (H1): imported by session.ts the first time the visitor presses Call.
export { CallBar } from './call-bar';
export { CallController } from './controller';
