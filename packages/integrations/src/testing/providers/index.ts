/** Local fakes of the providers' real APIs, for plugin tests and the API's integration tests. */
export { startFakeDeepL } from './deepl.js';
export { startFakeGiphy, startFakeTenor } from './gif.js';
export { type FakeImapOptions, startFakeImap } from './imap/server.js';
export { startFakeLibreTranslate } from './libretranslate.js';
export { obsoleteSyntaxMail, type ReceivedMail, startFakeSmtp } from './mail.js';
export {
  type MetaSent,
  messengerMessagePayload,
  messengerReceiptPayload,
  metaVerifyRequest,
  metaWebhookRequest,
  startFakeMetaGraph,
  type WhatsAppInboundInput,
  whatsappMessagePayload,
  whatsappStatusPayload,
} from './meta.js';
export {
  type FakeServer,
  parseBody,
  parseMultipart,
  type RecordedRequest,
  sendJson,
  startServer,
} from './server.js';
export {
  type FakeSession,
  type FakeStripe,
  type FakeSubscription,
  startFakeStripe,
  stripeSignature,
  stripeWebhookRequest,
} from './stripe.js';
export { startFakeTelegram, type TelegramSent, telegramUpdate, telegramWebhookRequest } from './telegram.js';
export {
  type FakeCall,
  type FakeTwilio,
  type OutboundOutcome,
  startFakeTwilio,
  twilioSignature,
  twilioWebhookRequest,
} from './twilio.js';
