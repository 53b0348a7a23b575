/**
 * The plugin interface (mission K1): what a plugin declares, what it gets from the host and what
 * each capability must implement. Everything here is plain data and functions, so a plugin can be
 * written in JavaScript too; the host re-checks at run time what the types promise.
 */

/** A file going in or out of a channel. `data` is the whole file; the host enforces size limits. */
export interface Attachment {
  fileName: string;
  mimeType: string;
  data: Buffer;
}

/** A contact as the provider knows it. `externalId` is the provider's stable id (chat id, phone, email). */
export interface ExternalContact {
  externalId: string;
  name?: string;
  email?: string;
  phone?: string;
}

/**
 * A part of an inbound message the plugin could not fetch (media gone, too big, a bad URL). It never
 * blocks the message: Parley stores the message with a placeholder naming the part and the reason.
 */
export interface MissingPart {
  /** What the part was, as the agent should read it: "Photo", "Voice message", "Document"... */
  label: string;
  fileName?: string;
  /** Why it is missing, in the provider's words ("file is too big"). */
  reason: string;
  /**
   * The plugin's handle for fetching it again later (`ChannelCapability.fetchPart`), when the
   * failure may pass (a provider outage) and the provider keeps serving the file.
   */
  retry?: string;
}

/** A message that arrived through a channel (webhook or poll). */
export interface InboundMessageEvent {
  type: 'message';
  /**
   * The provider's message id, unique per channel. Parley records it in the same transaction as the
   * message and drops a redelivery of it; plugins must not mark it as seen themselves.
   */
  externalMessageId: string;
  contact: ExternalContact;
  /** A provider thread (email thread root, Telegram topic...) when the channel has threads. */
  threadId?: string;
  text: string;
  /** Sanitised HTML (email), safe to render. */
  html?: string;
  attachments: Attachment[];
  /** Parts that could not be fetched; see `fetchParts`. */
  missing?: MissingPart[];
  sentAt: Date;
  replyToExternalId?: string;
  /** Every earlier message id the provider names for this thread (email References), oldest first. */
  references?: string[];
  /** The email subject, when there is one. */
  subject?: string;
}

/** The contact changed a message they had sent (Telegram edited_message). */
export interface InboundEditEvent {
  type: 'edit';
  /** The `externalMessageId` of the edited message. */
  externalMessageId: string;
  /** Unique per edit (e.g. message id + edit date): a redelivered edit is applied once. */
  editId: string;
  text: string;
  editedAt: Date;
}

/** The provider reports what became of a message we sent (WhatsApp statuses, for example). */
export interface DeliveryStatusEvent {
  type: 'status';
  externalMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  at: Date;
  error?: string;
}

/**
 * The contact has read (or received) everything we sent them up to `watermark` (Messenger
 * message_reads / message_deliveries watermarks).
 */
export interface WatermarkEvent {
  type: 'watermark';
  contactExternalId: string;
  status: 'delivered' | 'read';
  watermark: Date;
}

/**
 * Something the provider delivered that the plugin cannot turn into a message (a mail it cannot
 * parse). The plugin keeps it at the provider (left unseen, moved aside); Parley counts it and shows
 * the reason on the channel's health.
 */
export interface RejectedEvent {
  type: 'rejected';
  /** The provider's handle for it (IMAP UID, Message-ID), for the log. */
  reference: string;
  reason: string;
}

export type InboundEvent =
  | InboundMessageEvent
  | InboundEditEvent
  | DeliveryStatusEvent
  | WatermarkEvent
  | RejectedEvent;

/**
 * Stores inbound events durably, given to `poll` by the host. It resolves once they are stored (a
 * redelivered message id is not stored twice) and throws when they are not: acknowledge to the
 * provider (mark a mail seen, answer 2xx) only after it resolved.
 */
export type DeliverInbound = (events: InboundEvent[]) => Promise<void>;

/** A message an agent sends out through a channel. */
export interface Outbound {
  to: { externalId: string; threadId?: string };
  text: string;
  attachments?: Attachment[];
  /** The provider's id of the message this one answers (quote/reply; email In-Reply-To). */
  inReplyToExternalId?: string;
  /** Every earlier provider message id of the thread, oldest first (email References). */
  references?: string[];
  subject?: string;
  /** Display name of the sending agent, for channels that show it (email From name). */
  senderName?: string;
}

export interface SendResult {
  externalMessageId: string;
}

/** The limits of a channel, declared so the console can show them (reply window, attachments...). */
export interface ChannelFeatures {
  /** The provider only accepts free-form replies this long after the contact's last message. */
  replyWindowHours?: number;
  attachments: boolean;
  maxAttachmentBytes?: number;
  maxTextLength?: number;
  threading?: boolean;
  /** Inbound arrives by webhook, by polling or both. */
  inbound?: ('webhook' | 'poll')[];
}

/** An HTTP request as the API received it, body untouched (signatures are over the raw bytes). */
export interface WebhookRequest {
  method: string;
  /** Header names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | undefined>;
  rawBody: Buffer;
}

/** A webhook request before its body is read (for `precheckWebhook`). */
export type WebhookHead = Omit<WebhookRequest, 'rawBody'>;

export interface WebhookResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface WebhookResult {
  response: WebhookResponse;
  events: InboundEvent[];
}

export interface ConnectResult {
  /** What the admin should see, e.g. "webhook set for @my_bot". */
  detail?: string;
}

export interface ChannelCapability {
  features: ChannelFeatures;
  send(message: Outbound): Promise<SendResult>;
  /** Verify the signature, answer handshakes, refuse unsigned or replayed requests, parse events. */
  handleWebhook?(request: WebhookRequest): Promise<WebhookResult>;
  /**
   * Look at a webhook's method, headers and query before its body is read, and answer (refuse)
   * when they cannot be right, e.g. a missing or wrong secret header: an unauthenticated sender
   * then costs no body upload. Return nothing to go on.
   */
  precheckWebhook?(head: WebhookHead): WebhookResponse | undefined | Promise<WebhookResponse | undefined>;
  /** The largest webhook body this channel reads; the host's default is 1 MB. */
  webhookMaxBytes?: number;
  /**
   * Fetch new messages; the host schedules it. Hand them to `deliver` and acknowledge them at the
   * provider only after it resolved. Events returned instead are delivered by the host afterwards
   * (fine for providers that need no acknowledgement).
   */
  poll?(deliver: DeliverInbound): Promise<InboundEvent[] | undefined>;
  /** Register with the provider (e.g. Telegram setWebhook). Called on install and config change. */
  connect?(): Promise<ConnectResult>;
  /** Fetch a part that could not be fetched when its message arrived, by its `MissingPart.retry`. */
  fetchPart?(retry: string): Promise<Attachment>;
  /** Undo `connect` when the channel is deleted. */
  disconnect?(): Promise<void>;
  /** Check credentials and, when `to` is given, send a test message there. */
  sendTest?(input: { to?: string }): Promise<{ detail?: string }>;
}

export interface Language {
  code: string;
  name: string;
}

export interface TranslatorCapability {
  detect(text: string): Promise<{ language: string; confidence?: number }>;
  translate(input: { text: string; from?: string; to: string }): Promise<{
    text: string;
    detectedLanguage?: string;
  }>;
  languages(): Promise<Language[]>;
}

export interface GifItem {
  id: string;
  url: string;
  previewUrl: string;
  width: number;
  height: number;
  title: string;
}

export interface GifCapability {
  search(input: {
    query: string;
    limit: number;
    offset?: number;
    /** The `next` of the previous page, for providers with opaque cursors (Tenor). */
    cursor?: string;
    locale?: string;
  }): Promise<{
    items: GifItem[];
    /** Opaque cursor/offset for the next page when the provider gives one. */
    next?: string;
  }>;
}

/**
 * H2: how a phone provider carries the audio.
 * - `bridge`: the provider's REST API places the calls and bridges them (Twilio Programmable Voice,
 *   Vonage, Plivo): Parley asks it to ring the agent's own phone and connect the customer; no audio
 *   in the browser. The provider reports progress by webhook.
 * - `softphone`: the console registers a SIP user agent over WebSocket (RFC 7118) with the provider
 *   or PBX and carries the audio itself; Parley hands the agent's SIP credentials to the console.
 */
export type PhoneModel = 'bridge' | 'softphone';

/** Where a phone call stands, as the provider reports it. The last five are final. */
export type PhoneCallStatus =
  | 'ringing'
  | 'answered'
  | 'completed'
  | 'busy'
  | 'no-answer'
  | 'failed'
  | 'canceled';
export const PHONE_CALL_STATUSES: readonly PhoneCallStatus[] = [
  'ringing',
  'answered',
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
];

/** A call placed or received through the provider changed state (a status callback). */
export interface PhoneStatusEvent {
  type: 'call.status';
  /** The provider's id of the call (`dial`'s `externalCallId`, or an inbound call's). */
  externalCallId: string;
  status: PhoneCallStatus;
  at: Date;
  /**
   * With `completed`: how long the customer was connected, in whole seconds, as the provider bills
   * it. Parley settles the call's credit on it.
   */
  durationSec?: number;
  /** The provider's words for a failure, for the log and the call record. */
  reason?: string;
}

/** Someone rang one of the provider's numbers: Parley rings the agents of the channel. */
export interface PhoneInboundEvent {
  type: 'call.inbound';
  externalCallId: string;
  /** The caller's number, E.164 (`+905321234567`); absent when withheld. */
  from?: string;
  /** The number they called, E.164. */
  to: string;
  at: Date;
}

export type PhoneEvent = PhoneStatusEvent | PhoneInboundEvent;

/** What a phone webhook answers: the provider's document (TwiML...) and the call events it carried. */
export interface PhoneWebhookResult {
  response: WebhookResponse;
  events: PhoneEvent[];
}

/** An outbound call an agent places (bridge model). Numbers are E.164. */
export interface DialInput {
  /** The customer's number. */
  to: string;
  /** The agent's own phone, rung first; the provider bridges the customer once it answers. */
  agentNumber: string;
  /** Parley's id of the call, for the plugin's own bookkeeping (kv, callback URLs). */
  callId: string;
  /** The longest the call may last (the credit held for it), in seconds; absent: no limit. */
  maxSeconds?: number;
}

export interface DialResult {
  /** The provider's id of the call; its status events name it. */
  externalCallId: string;
}

/** The agent a softphone registers for. */
export interface SoftphoneAgent {
  userId: string;
  name: string;
  email?: string;
}

/** What the console's SIP user agent needs to register (RFC 7118). Never stored by the console. */
export interface SoftphoneCredentials {
  /** WebSocket servers (`wss://sip.example.com:7443`), tried in order. */
  servers: string[];
  /** The agent's address of record, `sip:agent@example.com`. */
  uri: string;
  /** The SIP digest authentication user (often the URI's user part). */
  authorizationUser: string;
  /** A password or a short-lived token (preferred where the provider supports it). */
  password: string;
  /** When `password` stops working; the console asks again before then. Absent: does not expire. */
  expiresAt?: Date;
  /** Shown as the caller's name where the provider passes it on. */
  displayName?: string;
  /** ICE servers for the media, when the provider wants its own (else the host's). */
  iceServers?: { urls: string | string[]; username?: string; credential?: string }[];
}

/**
 * The phone capability (H2). One interface for both models: a bridge provider implements `dial`,
 * `hangup`, `handleWebhook` (and `connectInbound` for calls to its number); a softphone provider
 * implements `softphoneCredentials` (the call itself happens between the browser and the SIP
 * server; `hangup` and webhooks are optional). Rates are the plugin's `rates`, not here.
 */
export interface PhoneCapability {
  /** The models this install offers (one or both). */
  models: PhoneModel[];
  /** The provider's numbers this install answers and calls from, E.164. */
  numbers?: string[];
  /** Bridge: ring `agentNumber`, then connect `to`. Throw a PluginError for provider refusals. */
  dial?(input: DialInput): Promise<DialResult>;
  /** End a call (ringing or connected). Ending one that already ended is not an error. */
  hangup?(input: { externalCallId: string }): Promise<void>;
  /**
   * Bridge, inbound: an agent accepted a call waiting at the provider; connect the caller to the
   * agent's own phone.
   */
  connectInbound?(input: { externalCallId: string; agentNumber: string }): Promise<void>;
  /**
   * Verify the provider's signature (refuse unsigned or tampered requests with 401/403 and no
   * events), turn status callbacks and inbound calls into events, and answer with the provider's
   * document (TwiML for Twilio). Parley stores the events before the answer goes out.
   */
  handleWebhook?(request: WebhookRequest): Promise<PhoneWebhookResult>;
  /** As the channel's: refuse before the body is read. */
  precheckWebhook?(head: WebhookHead): WebhookResponse | undefined | Promise<WebhookResponse | undefined>;
  webhookMaxBytes?: number;
  /** Softphone: the agent's SIP registration (per-agent credentials or a short-lived token). */
  softphoneCredentials?(agent: SoftphoneAgent): Promise<SoftphoneCredentials>;
  /** Register with the provider (point the number's voice URL at `ctx.webhookUrl`). */
  connect?(): Promise<ConnectResult>;
  disconnect?(): Promise<void>;
}

/**
 * J6: billing through a payment provider (Stripe...). The provider keeps the subscriptions and the
 * money; Parley keeps the account's plan and applies the provider's signed webhook events once each.
 * Amounts are in the currency's minor unit (cents); currencies are ISO 4217 codes in lower case.
 */
export interface BillingCheckoutInput {
  /** Parley's account id: the provider carries it back on `checkout.completed` (client reference). */
  account: string;
  /** The provider's price id of the plan (`Plan.billingPriceRef`, e.g. Stripe's `price_…`). */
  priceRef: string;
  customerEmail: string;
  /** The provider's customer, when the account already has one (no second customer is made). */
  customerRef?: string;
  successUrl: string;
  cancelUrl: string;
}

export interface BillingTopUpInput {
  account: string;
  amountMinor: number;
  currency: string;
  customerEmail: string;
  customerRef?: string;
  successUrl: string;
  cancelUrl: string;
  /** What the buyer sees on the provider's page ("Call balance top-up"). */
  description?: string;
}

/** A provider's invoice, as Parley shows and stores it. */
export interface BillingInvoice {
  /** The provider's id of the invoice (`in_…`). */
  ref: string;
  number?: string;
  /** draft | open | paid | void | uncollectible, as the provider says. */
  status: string;
  amountDue: number;
  amountPaid: number;
  currency: string;
  periodStart?: Date;
  periodEnd?: Date;
  /** The provider's page of the invoice (https), opened by the owner. */
  hostedUrl?: string;
  subscriptionRef?: string;
  customerRef?: string;
}

export type BillingSubscriptionStatus =
  | 'active'
  | 'past_due'
  | 'canceled'
  | 'incomplete'
  | 'trialing'
  | 'unpaid';
export const BILLING_SUBSCRIPTION_STATUSES: readonly BillingSubscriptionStatus[] = [
  'active',
  'past_due',
  'canceled',
  'incomplete',
  'trialing',
  'unpaid',
];

interface BillingEventBase {
  /** The provider's event id (`evt_…`): Parley applies each id once per install. */
  eventRef: string;
  at: Date;
}

/** A checkout finished: a subscription (plan checkout) or a paid top-up. */
export interface BillingCheckoutCompletedEvent extends BillingEventBase {
  type: 'checkout.completed';
  /** The `account` given to `createCheckout`/`createTopUpCheckout`. */
  account: string;
  customerRef?: string;
  subscriptionRef?: string;
  /** The plan's price when the provider says it. */
  priceRef?: string;
  /** A top-up checkout: the amount paid (minor units) and its currency. */
  topUp?: { amountMinor: number; currency: string; ref: string };
}

export interface BillingSubscriptionUpdatedEvent extends BillingEventBase {
  type: 'subscription.updated';
  subscriptionRef: string;
  customerRef?: string;
  /** Parley's account when the provider carries it (subscription metadata). */
  account?: string;
  status: BillingSubscriptionStatus;
  priceRef?: string;
  currentPeriodEnd?: Date;
  cancelAtPeriodEnd: boolean;
}

export interface BillingSubscriptionDeletedEvent extends BillingEventBase {
  type: 'subscription.deleted';
  subscriptionRef: string;
  customerRef?: string;
  account?: string;
  currentPeriodEnd?: Date;
}

export interface BillingInvoiceEvent extends BillingEventBase {
  type: 'invoice.paid' | 'invoice.payment_failed';
  invoice: BillingInvoice;
}

/** A top-up paid outside a checkout session event (or confirmed by the provider separately). */
export interface BillingTopUpPaidEvent extends BillingEventBase {
  type: 'topup.paid';
  account: string;
  amountMinor: number;
  currency: string;
  /** The provider's id of the payment; Parley credits `topup:<ref>` once. */
  ref: string;
}

export type BillingEvent =
  | BillingCheckoutCompletedEvent
  | BillingSubscriptionUpdatedEvent
  | BillingSubscriptionDeletedEvent
  | BillingInvoiceEvent
  | BillingTopUpPaidEvent;

export const BILLING_EVENT_TYPES: readonly BillingEvent['type'][] = [
  'checkout.completed',
  'subscription.updated',
  'subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
  'topup.paid',
];

export interface BillingWebhookResult {
  response: WebhookResponse;
  events: BillingEvent[];
}

/**
 * The billing capability (J6). Every method talks to the provider; refusals are PluginErrors of the
 * right kind. `webhook` verifies the provider's signature (refusing unsigned, tampered or stale
 * requests with 4xx and no events) and normalises what it carried; Parley applies the events (each
 * `eventRef` once) before the answer goes out.
 */
export interface BillingCapability {
  createCheckout(input: BillingCheckoutInput): Promise<{ url: string; sessionRef: string }>;
  changeSubscription(input: { subscriptionRef: string; priceRef: string }): Promise<void>;
  cancelSubscription(input: { subscriptionRef: string; atPeriodEnd: boolean }): Promise<void>;
  createTopUpCheckout(input: BillingTopUpInput): Promise<{ url: string; sessionRef: string }>;
  listInvoices?(input: { customerRef: string; limit?: number }): Promise<BillingInvoice[]>;
  webhook(request: WebhookRequest): Promise<BillingWebhookResult>;
  /** As the channel's: refuse before the body is read (e.g. no signature header). */
  precheckWebhook?(head: WebhookHead): WebhookResponse | undefined | Promise<WebhookResponse | undefined>;
  webhookMaxBytes?: number;
}

/** Capabilities a plugin can implement today. */
export interface CapabilityMap {
  channel: ChannelCapability;
  translator: TranslatorCapability;
  gif: GifCapability;
  phone: PhoneCapability;
  billing: BillingCapability;
}
export type CapabilityName = keyof CapabilityMap;

/** Reserved for later API versions; a plugin declaring them is refused by this host. None today. */
export type ReservedCapabilityName = never;
export const CAPABILITIES: readonly CapabilityName[] = ['channel', 'translator', 'gif', 'phone', 'billing'];
export const RESERVED_CAPABILITIES: readonly ReservedCapabilityName[] = [];

/** pino-compatible logger subset. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** A per-install key-value store (cursors, dedupe marks, tokens). Values are strings; TTL optional. */
export interface KvStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options?: { ttlSeconds?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** `fetch` limited to the plugin's allowed hosts, with a timeout and the install's abort signal. */
export type PluginFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** What a plugin gets from the host. Never the database. */
export interface PluginContext<Config = unknown> {
  config: Config;
  pluginName: string;
  installId: string;
  accountId: string;
  logger: Logger;
  fetch: PluginFetch;
  kv: KvStore;
  /** Aborted when the install is disposed (disabled, reconfigured, server stopping). */
  signal: AbortSignal;
  /** Public URL the provider should call for this install's webhooks, when the host knows it. */
  webhookUrl?: string;
  /** A stable random-looking secret for this install (derived by the host), e.g. for webhook tokens. */
  installSecret: string;
}
