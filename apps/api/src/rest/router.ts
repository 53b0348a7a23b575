import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Context } from '../context';
import type { Deps } from '../deps';
import {
  type ApiCaller,
  type ApiScope,
  auditApiCall,
  authenticateApiToken,
  hitApiRateLimit,
  type RateState,
  requireScope,
} from '../domain/api-tokens/tokens';
import { assertFeature } from '../domain/plans';
import type { ValidSession } from '../domain/sessions';
import { AppError, notFound } from '../errors';
import { zodFieldErrors } from '../lib/zod-errors';
import { appRouter } from '../routers';
import { createCallerFactory } from '../trpc';
import { type ApiErrorBody, errorBodyOf, errorJson } from './errors';
import { type ApiLocale, localeOf } from './messages';
import {
  ZAssignBody,
  ZContact,
  ZContactBody,
  ZContactListQuery,
  ZContactPage,
  ZConversation,
  ZConversationListQuery,
  ZConversationPage,
  ZConversationTagBody,
  ZDeliveryListQuery,
  ZMessage,
  ZMessageListQuery,
  ZMessagePage,
  ZOk,
  ZSendBody,
  ZTag,
  ZTagBody,
  ZTokenInfo,
  ZWebhookCreateBody,
  ZWebhookDeliveryPage,
  ZWebhookEndpoint,
  ZWebhookList,
  ZWebhookSecret,
  ZWebhookUpdateBody,
  ZWebhookWithSecret,
} from './schemas';

/**
 * J7 REST API under /api/v1 (docs/api.md): transport only. Each endpoint checks the token's scope,
 * then calls the same tRPC procedure the console calls, as the token's creator (or a named agent of
 * the account): the procedure's role check, account scope, input parsing and domain function are the
 * console's own. Answers are parsed by the schemas in ./schemas.ts, which also make the OpenAPI
 * document (./openapi.ts).
 */

export const API_BASE = '/api/v1';
const MAX_BODY_BYTES = 256 * 1024;

const createCaller = createCallerFactory(appRouter);
type Caller = ReturnType<typeof createCaller>;

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Endpoint {
  method: Method;
  /** OpenAPI path template under /api/v1, e.g. `/conversations/{id}`. */
  path: string;
  scope: ApiScope | null;
  /** Another scope that a request needs instead of `scope` when its raw JSON body asks for it. */
  altScope?: { scope: ApiScope; when: (rawBody: Record<string, unknown>) => boolean; note: string };
  summary: string;
  tag: string;
  query?: z.ZodObject;
  body?: z.ZodObject;
  output: z.ZodType;
  status?: number;
  run(call: {
    caller: Caller;
    api: ApiCaller;
    params: Record<string, string>;
    query: Record<string, unknown>;
    body: Record<string, unknown>;
    asAgent(agentId: string | undefined): Promise<Caller>;
  }): Promise<unknown>;
}

/** Keeps each endpoint's literal method, path and schemas in the table's type: the typed client (./client.ts) reads them. */
const endpoint = <const E extends Endpoint>(e: E) => e;

const isBotSender = (sender: unknown) =>
  typeof sender === 'object' && sender !== null && (sender as { type?: unknown }).type === 'bot';

/** A CRM record as a contact: its conversations counted, as in the list. */
const contactOf = (record: { conversations: unknown[] }) => ({
  ...record,
  conversations: record.conversations.length,
});

const TABLE = [
  endpoint({
    method: 'GET',
    path: '/token',
    scope: null,
    tag: 'Token',
    summary: 'The calling token: its account, acting user and scopes',
    output: ZTokenInfo,
    run: async ({ api }) => ({
      tokenId: api.tokenId,
      accountId: api.accountId,
      userId: api.userId,
      scopes: api.scopes,
    }),
  }),
  endpoint({
    method: 'GET',
    path: '/conversations',
    scope: 'conversations:read',
    tag: 'Conversations',
    summary: 'Conversations, last active first, 30 a page (cursor = nextCursor)',
    query: ZConversationListQuery,
    output: ZConversationPage,
    run: ({ caller, query }) => caller.chats.archive(query as z.infer<typeof ZConversationListQuery>),
  }),
  endpoint({
    method: 'GET',
    path: '/conversations/{id}',
    scope: 'conversations:read',
    tag: 'Conversations',
    summary: 'One conversation',
    output: ZConversation,
    run: async ({ caller, params }) =>
      (await caller.chats.get({ conversationId: params.id ?? '' })).conversation,
  }),
  endpoint({
    method: 'POST',
    path: '/conversations/{id}/accept',
    scope: 'conversations:write',
    tag: 'Conversations',
    summary: 'The acting agent takes the conversation (as Accept in the console)',
    output: ZOk,
    run: async ({ caller, params }) => {
      await caller.chats.accept({ conversationId: params.id ?? '' });
      return { ok: true };
    },
  }),
  endpoint({
    method: 'POST',
    path: '/conversations/{id}/assign',
    scope: 'conversations:write',
    tag: 'Conversations',
    summary: 'Hands the conversation from the acting agent to another agent (as Transfer)',
    body: ZAssignBody,
    output: ZOk,
    run: ({ caller, params, body }) => {
      const input = body as z.infer<typeof ZAssignBody>;
      return caller.tools.transfer({
        conversationId: params.id ?? '',
        toUserId: input.agentId,
        comment: input.comment ?? null,
      });
    },
  }),
  endpoint({
    method: 'POST',
    path: '/conversations/{id}/close',
    scope: 'conversations:write',
    tag: 'Conversations',
    summary: 'The acting agent leaves; the conversation closes when no agent is left (as Leave)',
    output: ZOk,
    run: ({ caller, params }) => caller.chats.leave({ conversationId: params.id ?? '' }),
  }),
  endpoint({
    method: 'GET',
    path: '/conversations/{id}/messages',
    scope: 'messages:read',
    tag: 'Messages',
    summary: 'Messages of a conversation, the newest page first (before = a message id for older ones)',
    query: ZMessageListQuery,
    output: ZMessagePage,
    run: async ({ caller, params, query }) => {
      const conversationId = params.id ?? '';
      const before = (query as z.infer<typeof ZMessageListQuery>).before;
      if (before) return caller.chats.history({ conversationId, before });
      const chat = await caller.chats.get({ conversationId });
      return { messages: chat.messages, hasMore: chat.hasMore };
    },
  }),
  endpoint({
    method: 'POST',
    path: '/conversations/{id}/messages',
    scope: 'messages:write',
    tag: 'Messages',
    summary:
      "Sends a message as the token's creator, as the agent named by asAgentId, or as a named bot (sender)",
    body: ZSendBody,
    // A bot's message needs messages:bot (and not messages:write): a bot's token cannot speak as an agent.
    altScope: {
      scope: 'messages:bot',
      when: (raw) => isBotSender(raw.sender),
      note: "with sender: { type: 'bot' }",
    },
    output: ZMessage,
    status: 201,
    run: async ({ caller, params, body, asAgent }) => {
      const input = body as z.infer<typeof ZSendBody>;
      if (input.sender) {
        if (input.asAgentId)
          throw new AppError('bad_request', 'validation', 'A bot sends as no agent', {
            asAgentId: 'validation.invalid',
          });
        return caller.chats.sendAsBot({
          conversationId: params.id ?? '',
          clientId: input.clientId ?? crypto.randomUUID(),
          body: input.body,
          name: input.sender.name,
        });
      }
      const as = await asAgent(input.asAgentId);
      return as.chats.send({
        conversationId: params.id ?? '',
        clientId: input.clientId ?? crypto.randomUUID(),
        body: input.body,
      });
    },
  }),
  endpoint({
    method: 'POST',
    path: '/conversations/{id}/tags',
    scope: 'tags:write',
    tag: 'Tags',
    summary: 'Puts a tag (by name; created if new) on a conversation',
    body: ZConversationTagBody,
    output: ZOk,
    run: async ({ caller, params, body }) => {
      const input = body as z.infer<typeof ZConversationTagBody>;
      await caller.tools.tagConversation({
        conversationId: params.id ?? '',
        name: input.name,
        color: input.color ?? null,
      });
      return { ok: true };
    },
  }),
  endpoint({
    method: 'DELETE',
    path: '/conversations/{id}/tags/{name}',
    scope: 'tags:write',
    tag: 'Tags',
    summary: 'Takes a tag (by name) off a conversation',
    output: ZOk,
    run: async ({ caller, params }) => {
      await caller.tools.tagConversation({
        conversationId: params.id ?? '',
        name: params.name ?? '',
        remove: true,
      });
      return { ok: true };
    },
  }),
  endpoint({
    method: 'GET',
    path: '/contacts',
    scope: 'contacts:read',
    tag: 'Contacts',
    summary: 'Contacts (the CRM visitors), last seen first, 50 a page; q searches',
    query: ZContactListQuery,
    output: ZContactPage,
    run: ({ caller, query }) => caller.crm.visitors(query as z.infer<typeof ZContactListQuery>),
  }),
  endpoint({
    method: 'POST',
    path: '/contacts',
    scope: 'contacts:write',
    tag: 'Contacts',
    summary: 'Adds a contact (name, email or phone; at least one) with the next visitor number',
    body: ZContactBody,
    output: ZContact,
    status: 201,
    run: async ({ caller, body }) => {
      const { id } = await caller.crm.createContact(body as z.infer<typeof ZContactBody>);
      return contactOf(await caller.crm.visitor({ visitorId: id }));
    },
  }),
  endpoint({
    method: 'GET',
    path: '/contacts/{id}',
    scope: 'contacts:read',
    tag: 'Contacts',
    summary: 'One contact',
    output: ZContact,
    run: async ({ caller, params }) => contactOf(await caller.crm.visitor({ visitorId: params.id ?? '' })),
  }),
  endpoint({
    method: 'PATCH',
    path: '/contacts/{id}',
    scope: 'contacts:write',
    tag: 'Contacts',
    summary: "Changes a contact's name, email or phone (null or empty clears one)",
    body: ZContactBody,
    output: ZContact,
    run: async ({ caller, params, body }) => {
      const visitorId = params.id ?? '';
      await caller.crm.updateContact({ visitorId, ...(body as z.infer<typeof ZContactBody>) });
      return contactOf(await caller.crm.visitor({ visitorId }));
    },
  }),
  endpoint({
    method: 'DELETE',
    path: '/contacts/{id}',
    scope: 'contacts:write',
    tag: 'Contacts',
    summary: 'Erases a contact and their conversations (GDPR erasure; cannot be undone)',
    output: ZOk,
    run: ({ caller, params }) => caller.crm.erase({ visitorId: params.id ?? '' }),
  }),
  endpoint({
    method: 'GET',
    path: '/tags',
    scope: 'tags:read',
    tag: 'Tags',
    summary: "The account's tags",
    output: z.array(ZTag),
    run: ({ caller }) => caller.tools.tags(),
  }),
  endpoint({
    method: 'POST',
    path: '/tags',
    scope: 'tags:write',
    tag: 'Tags',
    summary: 'Creates a tag (409 tag.taken when the account has one by this name)',
    body: ZTagBody,
    output: ZTag,
    status: 201,
    run: ({ caller, body }) => caller.tools.createTag(body as z.infer<typeof ZTagBody>),
  }),
  endpoint({
    method: 'PATCH',
    path: '/tags/{id}',
    scope: 'tags:write',
    tag: 'Tags',
    summary: 'Renames or recolours a tag',
    body: ZTagBody.partial(),
    output: ZOk,
    run: async ({ caller, params, body }) => {
      await caller.tools.updateTag({ id: params.id ?? '', ...(body as Partial<z.infer<typeof ZTagBody>>) });
      return { ok: true };
    },
  }),
  endpoint({
    method: 'DELETE',
    path: '/tags/{id}',
    scope: 'tags:write',
    tag: 'Tags',
    summary: 'Deletes a tag (taken off every conversation and contact)',
    output: ZOk,
    run: async ({ caller, params }) => {
      await caller.tools.deleteTag({ id: params.id ?? '' });
      return { ok: true };
    },
  }),
  endpoint({
    method: 'GET',
    path: '/webhooks',
    scope: 'webhooks',
    tag: 'Webhooks',
    summary: "The account's webhook endpoints (secrets are not listed) and the events one can choose",
    output: ZWebhookList,
    run: async ({ caller }) => {
      const { endpoints, eventTypes } = await caller.webhooks.list();
      return { items: endpoints, eventTypes };
    },
  }),
  endpoint({
    method: 'GET',
    path: '/webhooks/{id}',
    scope: 'webhooks',
    tag: 'Webhooks',
    summary: 'One webhook endpoint',
    output: ZWebhookEndpoint,
    run: async ({ caller, params }) => {
      const found = (await caller.webhooks.list()).endpoints.find((e) => e.id === params.id);
      if (!found) throw notFound('Webhook endpoint');
      return found;
    },
  }),
  endpoint({
    method: 'POST',
    path: '/webhooks',
    scope: 'webhooks',
    tag: 'Webhooks',
    summary: 'Adds an endpoint; the answer carries its signing secret',
    body: ZWebhookCreateBody,
    output: ZWebhookWithSecret,
    status: 201,
    run: ({ caller, body }) => caller.webhooks.create(body as z.infer<typeof ZWebhookCreateBody>),
  }),
  endpoint({
    method: 'PATCH',
    path: '/webhooks/{id}',
    scope: 'webhooks',
    tag: 'Webhooks',
    summary:
      'Changes an endpoint (a new URL gets a new secret, in the answer); enabled: true clears its failures',
    body: ZWebhookUpdateBody,
    output: ZWebhookWithSecret,
    run: ({ caller, params, body }) =>
      caller.webhooks.update({ id: params.id ?? '', ...(body as z.infer<typeof ZWebhookUpdateBody>) }),
  }),
  endpoint({
    method: 'DELETE',
    path: '/webhooks/{id}',
    scope: 'webhooks',
    tag: 'Webhooks',
    summary: 'Deletes an endpoint and its delivery log',
    output: ZOk,
    run: ({ caller, params }) => caller.webhooks.remove({ id: params.id ?? '' }),
  }),
  endpoint({
    method: 'POST',
    path: '/webhooks/{id}/rotate-secret',
    scope: 'webhooks',
    tag: 'Webhooks',
    summary: 'A new signing secret at once (the old one signs nothing more)',
    output: ZWebhookSecret,
    run: ({ caller, params }) => caller.webhooks.rotateSecret({ id: params.id ?? '' }),
  }),
  endpoint({
    method: 'POST',
    path: '/webhooks/{id}/test',
    scope: 'webhooks',
    tag: 'Webhooks',
    summary: 'Queues a webhook.test event for the endpoint',
    output: z.object({ deliveryId: z.string() }),
    status: 202,
    run: ({ caller, params }) => caller.webhooks.sendTest({ id: params.id ?? '' }),
  }),
  endpoint({
    method: 'GET',
    path: '/webhooks/{id}/deliveries',
    scope: 'webhooks',
    tag: 'Webhooks',
    summary: "The endpoint's delivery log, newest first (cursor = nextCursor)",
    query: ZDeliveryListQuery,
    output: ZWebhookDeliveryPage,
    run: async ({ caller, params, query }) => {
      const q = query as z.infer<typeof ZDeliveryListQuery>;
      const limit = q.limit ? Math.min(100, Math.max(1, Number(q.limit))) : undefined;
      const page = await caller.webhooks.deliveries({
        endpointId: params.id ?? '',
        ...(q.cursor ? { before: q.cursor } : {}),
        ...(limit ? { limit } : {}),
      });
      return { items: page.deliveries, nextCursor: page.next };
    },
  }),
  endpoint({
    method: 'POST',
    path: '/webhook-deliveries/{id}/replay',
    scope: 'webhooks',
    tag: 'Webhooks',
    summary: 'Sends a delivery again, with the same webhook-id (409 webhooks.already_queued while it waits)',
    output: ZOk,
    status: 202,
    run: ({ caller, params }) => caller.webhooks.replay({ id: params.id ?? '' }),
  }),
];

/** Every endpoint, as the router, the OpenAPI document and the tests read them. */
export const ENDPOINTS: readonly Endpoint[] = TABLE;
/** Each endpoint with its literal method, path and schemas (the typed client's source: ./client.ts). */
export type RestRoute = (typeof TABLE)[number];

const compiled = ENDPOINTS.map((e) => {
  const names: string[] = [];
  const source = e.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { endpoint: e, pattern: new RegExp(`^${source}$`), names };
});

function sendApiJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
    ...headers,
  });
  res.end(JSON.stringify(body));
}

function sendApiError(
  res: ServerResponse,
  locale: ApiLocale,
  e: ApiErrorBody,
  headers: Record<string, string> = {},
) {
  sendApiJson(res, e.status, errorJson(locale, e), headers);
}

function rateHeaders(rate: RateState, windowSeconds: number): Record<string, string> {
  return {
    // IETF draft-ietf-httpapi-ratelimit-headers: the policy, and this window's state.
    'ratelimit-policy': `"token";q=${rate.limit};w=${windowSeconds}`,
    ratelimit: `"token";r=${rate.remaining};t=${rate.resetSeconds}`,
    // The older, widely read trio.
    'ratelimit-limit': String(rate.limit),
    'ratelimit-remaining': String(rate.remaining),
    'ratelimit-reset': String(rate.resetSeconds),
  };
}

async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new AppError('bad_request', 'api.too_large', 'The request body is too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'api.bad_json', 'The request body must be a JSON object');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new AppError('bad_request', 'api.bad_json', 'The request body must be a JSON object');
  return value as Record<string, unknown>;
}

function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new AppError('bad_request', 'validation', 'Invalid input', { path: 'validation.invalid' });
  }
}

function parseInput(
  schema: z.ZodObject | undefined,
  value: Record<string, unknown>,
): Record<string, unknown> {
  if (!schema) return {};
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new AppError('bad_request', 'validation', 'Invalid input', zodFieldErrors(parsed.error));
  return parsed.data as Record<string, unknown>;
}

/**
 * A tRPC context whose session is the acting user's: the procedures' own role middleware then checks
 * the role and confines the database to the account, exactly as for a console call.
 */
function actingContext(
  deps: Deps,
  user: ValidSession['user'],
  tokenId: string,
  ip: string | undefined,
  ua: string | undefined,
): Context {
  const session: ValidSession = {
    sessionId: `api:${tokenId}`,
    expiresAt: new Date(Date.now() + 60_000),
    renewed: false,
    user,
  };
  return {
    deps,
    transport: 'http',
    client: { ip, userAgent: ua },
    sessionToken: undefined,
    deviceToken: undefined,
    secureCookies: false,
    authenticate: () => Promise.resolve(session),
    authenticateVisitor: () => Promise.resolve(null),
    setCookie: () => {},
  };
}

async function actingUser(deps: Deps, api: ApiCaller, userId: string): Promise<ValidSession['user']> {
  const user = await deps.systemDb.user.findFirst({
    where: { id: userId, accountId: api.accountId, disabledAt: null },
    select: { id: true, accountId: true, role: true, email: true },
  });
  if (!user)
    throw new AppError(
      'bad_request',
      'api.agent_unknown',
      'There is no active agent with this id in your account',
    );
  // The token was made by an admin who passed the account's sign-in checks; calls need no second factor.
  return { ...user, twoFactorMissing: false };
}

/** Handles every request under /api/v1 except the OpenAPI document and the reference page. */
export async function handleRestApi(
  req: IncomingMessage,
  res: ServerResponse,
  deps: Deps,
  path: string,
  client: { ip: string | undefined },
): Promise<void> {
  const locale = localeOf(req.headers['accept-language']);
  const sub = path.slice(API_BASE.length) || '/';
  const method = (req.method ?? 'GET').toUpperCase();
  const matches = compiled.map((c) => ({ c, m: c.pattern.exec(sub) })).filter((x) => x.m);
  if (matches.length === 0)
    return sendApiError(res, locale, {
      status: 404,
      code: 'api.not_found',
      message: 'There is no such API endpoint',
    });
  const found = matches.find((x) => x.c.endpoint.method === method);
  if (!found?.m) {
    res.setHeader('allow', [...new Set(matches.map((x) => x.c.endpoint.method))].join(', '));
    return sendApiError(res, locale, {
      status: 405,
      code: 'api.method_not_allowed',
      message: 'This endpoint does not accept that method',
    });
  }
  const { endpoint: ep, names } = found.c;
  const route = `${ep.method} ${ep.path}`;

  let api: ApiCaller;
  try {
    // The token is read before an account is known: the unscoped client, for this one lookup.
    api = await authenticateApiToken(deps.systemDb, req.headers.authorization);
    // J6: the REST API is a plan feature; the plan is read from memory while cached.
    await assertFeature({ db: deps.systemDb, bus: deps.bus }, api.accountId, 'api');
  } catch (err) {
    return sendApiError(res, locale, errorBodyOf(err, deps.logger, route), { 'www-authenticate': 'Bearer' });
  }
  const rate = await hitApiRateLimit(deps.systemDb, api.tokenId, deps.config.apiRateLimit);
  const headers = rateHeaders(rate, 60);
  if (rate.limited) {
    return sendApiError(
      res,
      locale,
      { status: 429, code: 'api.rate_limited', message: 'Too many calls with this API token' },
      { ...headers, 'retry-after': String(rate.resetSeconds) },
    );
  }

  let actorUserId = api.userId;
  let answer: () => void;
  let status: number;
  try {
    // The body is read first only where it decides the scope; otherwise the scope is checked first.
    const raw = ep.altScope ? await readJsonBody(req) : undefined;
    const scope = ep.altScope && raw && ep.altScope.when(raw) ? ep.altScope.scope : ep.scope;
    if (scope) requireScope(api, scope);
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = decodePathPart(found.m?.[i + 1] ?? '');
    });
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = parseInput(ep.query, Object.fromEntries(url.searchParams));
    const body = ep.body ? parseInput(ep.body, raw ?? (await readJsonBody(req))) : {};
    const ua = req.headers['user-agent'];
    const creator = await actingUser(deps, api, api.userId);
    const caller = createCaller(actingContext(deps, creator, api.tokenId, client.ip, ua));
    const result = await ep.run({
      caller,
      api,
      params,
      query,
      body,
      asAgent: async (agentId) => {
        if (!agentId || agentId === api.userId) return caller;
        const agent = await actingUser(deps, api, agentId);
        actorUserId = agent.id;
        return createCaller(actingContext(deps, agent, api.tokenId, client.ip, ua));
      },
    });
    const output = ep.output.safeParse(result);
    // An answer that does not fit its documented schema is our bug, never the caller's input.
    if (!output.success)
      throw new Error(`REST output of ${route} does not match its schema: ${output.error.message}`);
    const okStatus = ep.status ?? 200;
    status = okStatus;
    answer = () => sendApiJson(res, okStatus, output.data, headers);
  } catch (err) {
    const e = errorBodyOf(err, deps.logger, route);
    status = e.status;
    answer = () => sendApiError(res, locale, e, headers);
  }
  // The audit line is written before the answer leaves: a caller who has seen the answer can find it.
  await auditApiCall(deps.systemDb, api, {
    actorUserId,
    method: ep.method,
    route: ep.path,
    status,
    ip: client.ip,
  }).catch((err) => deps.logger.warn({ err, route }, 'REST API call not audited'));
  answer();
}
