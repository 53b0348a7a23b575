import { createHmac } from 'node:crypto';
import type { WebhookRequest } from '@parley/plugin-sdk';
import { type FakeServer, parseBody, parseMultipart, sendJson, startServer } from './server.js';

export interface MetaSent {
  api: 'whatsapp' | 'messenger';
  to: string;
  body: Record<string, unknown>;
  messageId: string;
}

/**
 * Meta's Graph API as the WhatsApp Cloud API and the Messenger Send API use it:
 * - POST /{version}/{phone-number-id}/messages (Bearer token) → `{ messaging_product, contacts, messages: [{ id }] }`
 * - POST /{version}/{phone-number-id}/media (multipart) → `{ id }`; GET /{version}/{media-id} → `{ url, mime_type, ... }`;
 *   GET of that url (Bearer) → the bytes
 * - POST /{version}/me/messages?access_token (JSON or multipart with `filedata`) → `{ recipient_id, message_id }`
 * Errors in Graph's shape `{ error: { message, type, code, error_subcode?, fbtrace_id } }`.
 */
export async function startFakeMetaGraph(options: { accessToken: string; version?: string }) {
  const version = options.version ?? 'v21.0';
  const sent: MetaSent[] = [];
  const media = new Map<string, { mimeType: string; data: Buffer; fileName?: string }>();
  /** WhatsApp numbers / Messenger PSIDs whose 24-hour window is closed. */
  const closedWindows = new Set<string>();
  const publicMedia = new Set<string>();
  /** Error answers for the next requests, as Graph gives them (status, body, headers such as Retry-After). */
  const failures: { status: number; body: object; headers?: Record<string, string> }[] = [];
  let n = 1;
  let url = '';
  const graphError = (
    res: Parameters<typeof sendJson>[0],
    status: number,
    code: number,
    message: string,
    sub?: number,
  ) =>
    sendJson(res, status, {
      error: {
        message,
        type: 'OAuthException',
        code,
        ...(sub ? { error_subcode: sub } : {}),
        fbtrace_id: 'AbCdEf',
      },
    });

  const server: FakeServer = await startServer(async (req, res) => {
    const failure = req.method === 'POST' ? failures.shift() : undefined;
    if (failure) {
      res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
      return void res.end(JSON.stringify(failure.body));
    }
    const parts = req.path.split('/').filter(Boolean);
    if (parts[0] === 'media-download') {
      // WhatsApp media needs the token; Messenger CDN URLs are signed and public.
      if (!publicMedia.has(parts[1] ?? '') && req.headers.authorization !== `Bearer ${options.accessToken}`)
        return graphError(res, 401, 190, 'Invalid OAuth access token.');
      const m = media.get(parts[1] ?? '');
      if (!m) return graphError(res, 404, 100, 'Unsupported get request.');
      res.writeHead(200, { 'content-type': m.mimeType });
      return void res.end(m.data);
    }
    if (parts[0] !== version) return graphError(res, 400, 2500, 'Unknown path components');
    const bearer = req.headers.authorization === `Bearer ${options.accessToken}`;
    const queryToken = req.query.get('access_token') === options.accessToken;
    if (!bearer && !queryToken)
      return graphError(res, 401, 190, 'Invalid OAuth access token - Cannot parse access token');

    // Messenger Send API
    if (parts[1] === 'me' && parts[2] === 'messages' && req.method === 'POST') {
      const multipart = String(req.headers['content-type'] ?? '').startsWith('multipart/');
      const { fields, files } = multipart
        ? await parseMultipart(req)
        : {
            fields: parseBody(req) as Record<string, unknown>,
            files: {} as Record<string, { fileName: string; type: string; data: Buffer }>,
          };
      const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;
      const recipient = parse(fields.recipient) as { id?: string };
      if (!recipient?.id) return graphError(res, 400, 100, '(#100) The parameter recipient is required');
      if (closedWindows.has(recipient.id)) {
        return graphError(res, 400, 10, '(#10) This message is sent outside of allowed window.', 2018278);
      }
      const messageId = `m_${n++}`;
      const message = parse(fields.message);
      sent.push({
        api: 'messenger',
        to: recipient.id,
        messageId,
        body: { ...fields, message, ...(files.filedata ? { filedata: files.filedata } : {}) },
      });
      return sendJson(res, 200, { recipient_id: recipient.id, message_id: messageId });
    }
    // WhatsApp: upload media
    if (parts.length === 3 && parts[2] === 'media' && req.method === 'POST') {
      const { fields, files } = await parseMultipart(req);
      if (fields.messaging_product !== 'whatsapp' || !files.file)
        return graphError(res, 400, 100, '(#100) Invalid parameter');
      const id = `media-${n++}`;
      media.set(id, { mimeType: files.file.type, data: files.file.data, fileName: files.file.fileName });
      return sendJson(res, 200, { id });
    }
    // WhatsApp: send message
    if (parts.length === 3 && parts[2] === 'messages' && req.method === 'POST') {
      const body = parseBody(req) as Record<string, unknown> & { to?: string };
      if (body.messaging_product !== 'whatsapp' || !body.to)
        return graphError(res, 400, 100, '(#100) Invalid parameter');
      if (closedWindows.has(body.to)) {
        return graphError(res, 400, 131047, 'Re-engagement message');
      }
      const messageId = `wamid.HBgM${n++}`;
      sent.push({ api: 'whatsapp', to: body.to, body, messageId });
      return sendJson(res, 200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: body.to, wa_id: body.to }],
        messages: [{ id: messageId }],
      });
    }
    // WhatsApp: media URL lookup
    const looked = parts.length === 2 && req.method === 'GET' ? media.get(parts[1] ?? '') : undefined;
    if (looked) {
      const m = looked;
      return sendJson(res, 200, {
        messaging_product: 'whatsapp',
        url: `${url}/media-download/${parts[1]}`,
        mime_type: m.mimeType,
        sha256: 'x',
        file_size: m.data.length,
        id: parts[1],
      });
    }
    graphError(res, 400, 100, 'Unsupported request');
  });
  url = server.url;

  return Object.assign(server, {
    version,
    sent,
    closedWindows,
    /** Make a media id downloadable (an inbound photo/document). */
    addMedia(id: string, mimeType: string, data: Buffer) {
      media.set(id, { mimeType, data });
    },
    /** The next POST answers this Graph error (e.g. 429 with `Retry-After`, 401 code 190). */
    failNext(status: number, body: object, headers?: Record<string, string>) {
      failures.push({ status, body, ...(headers ? { headers } : {}) });
    },
    /** A URL serving bytes (Messenger attachment payload.url). */
    mediaUrl(id: string, mimeType: string, data: Buffer) {
      media.set(id, { mimeType, data });
      publicMedia.add(id);
      return `${url}/media-download/${id}`;
    },
  });
}

/** A POST as Meta sends webhooks: JSON body, `X-Hub-Signature-256: sha256=HMAC(app secret, body)`. */
export function metaWebhookRequest(appSecret: string | undefined, payload: object): WebhookRequest {
  const rawBody = Buffer.from(JSON.stringify(payload));
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(appSecret
        ? { 'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}` }
        : {}),
    },
    query: {},
    rawBody,
  };
}

/** The GET Meta sends when the webhook is configured. */
export function metaVerifyRequest(verifyToken: string, challenge = '1158201444'): WebhookRequest {
  return {
    method: 'GET',
    headers: {},
    query: { 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': challenge },
    rawBody: Buffer.alloc(0),
  };
}

export interface WhatsAppInboundInput {
  phoneNumberId: string;
  from: string;
  name?: string;
  id: string;
  text?: string;
  timestamp?: number;
  image?: { id: string; mimeType: string; caption?: string };
  document?: { id: string; mimeType: string; filename: string };
  contextId?: string;
}

/** A WhatsApp Cloud API `messages` webhook payload. */
export function whatsappMessagePayload(input: WhatsAppInboundInput) {
  const message: Record<string, unknown> = {
    from: input.from,
    id: input.id,
    timestamp: String(input.timestamp ?? Math.floor(Date.now() / 1000)),
    ...(input.contextId ? { context: { from: '15550001111', id: input.contextId } } : {}),
  };
  if (input.image) {
    Object.assign(message, {
      type: 'image',
      image: {
        caption: input.image.caption,
        mime_type: input.image.mimeType,
        sha256: 'abc',
        id: input.image.id,
      },
    });
  } else if (input.document) {
    Object.assign(message, {
      type: 'document',
      document: {
        filename: input.document.filename,
        mime_type: input.document.mimeType,
        sha256: 'abc',
        id: input.document.id,
      },
    });
  } else {
    Object.assign(message, { type: 'text', text: { body: input.text ?? '' } });
  }
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: input.phoneNumberId },
              contacts: [{ profile: { name: input.name ?? 'Customer' }, wa_id: input.from }],
              messages: [message],
            },
          },
        ],
      },
    ],
  };
}

/** A WhatsApp `statuses` webhook payload (sent/delivered/read/failed). */
export function whatsappStatusPayload(input: {
  phoneNumberId: string;
  id: string;
  recipient: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  error?: { code: number; title: string };
}) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: input.phoneNumberId },
              statuses: [
                {
                  id: input.id,
                  status: input.status,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  recipient_id: input.recipient,
                  ...(input.error ? { errors: [input.error] } : {}),
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

/** A Messenger Platform `messages` webhook payload (object: page, entry[].messaging[]). */
export function messengerMessagePayload(input: {
  pageId: string;
  psid: string;
  mid: string;
  text?: string;
  attachments?: { type: 'image' | 'file' | 'video' | 'audio'; url: string }[];
  replyToMid?: string;
  isEcho?: boolean;
  timestamp?: number;
}) {
  const time = input.timestamp ?? Date.now();
  return messengerEnvelope(input.pageId, time, {
    sender: { id: input.isEcho ? input.pageId : input.psid },
    recipient: { id: input.isEcho ? input.psid : input.pageId },
    timestamp: time,
    message: {
      mid: input.mid,
      ...(input.isEcho ? { is_echo: true, app_id: 1517 } : {}),
      ...(input.text ? { text: input.text } : {}),
      ...(input.attachments
        ? { attachments: input.attachments.map((a) => ({ type: a.type, payload: { url: a.url } })) }
        : {}),
      ...(input.replyToMid ? { reply_to: { mid: input.replyToMid } } : {}),
    },
  });
}

/** The `object: 'page'` webhook body around one messaging event of a Page. */
function messengerEnvelope<E extends object>(pageId: string, time: number, event: E) {
  return { object: 'page', entry: [{ id: pageId, time, messaging: [event] }] };
}

/**
 * A Messenger `message_deliveries` / `message_reads` webhook payload: the Page's messages reached the
 * person (by `mids`, and everything before `watermark`), or were read up to `watermark`.
 */
export function messengerReceiptPayload(input: {
  pageId: string;
  psid: string;
  delivery?: { mids?: string[]; watermark: number };
  read?: { watermark: number };
}) {
  const time = Date.now();
  return messengerEnvelope(input.pageId, time, {
    sender: { id: input.psid },
    recipient: { id: input.pageId },
    timestamp: time,
    ...(input.delivery ? { delivery: input.delivery } : {}),
    ...(input.read ? { read: input.read } : {}),
  });
}
