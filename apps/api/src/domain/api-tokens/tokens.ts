import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Db } from '@parley/db';
import { hashToken } from '../../auth/tokens';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import { audit } from '../audit';
import { assertFeature } from '../plans';
import { recordHit } from '../rate-limit';
import { accountSuspended } from '../sessions';

/**
 * J7 API tokens: an admin creates one with scopes and an optional expiry; the secret (`prl_` and 32
 * random base32 characters, 160 bits) is shown once and only its SHA-256 is stored (a random secret
 * of that length needs no slow hash). Each REST call names the token in `Authorization: Bearer`.
 */
export const API_SCOPES = [
  'conversations:read',
  'conversations:write',
  'messages:read',
  'messages:write',
  'contacts:read',
  'contacts:write',
  'tags:read',
  'tags:write',
  'webhooks',
  'messages:bot',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const TOKEN_PREFIX = 'prl_';
/** How many characters of the secret the token list shows (`prl_` + 6). */
const SHOWN_CHARS = TOKEN_PREFIX.length + 6;
/** lastUsedAt is written at most once a minute per token: the list needs no finer clock. */
const LAST_USED_EVERY_MS = 60_000;
export const API_RATE_WINDOW_MS = 60_000;

export interface TokenAdmin {
  accountId: string;
  userId: string;
  ip: string | undefined;
}

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: { id: string; name: string } | null;
}

const parseScopes = (text: string): ApiScope[] =>
  text.split(' ').filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s));

const tokenSelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { id: true, name: true } },
} as const;

function toView(row: {
  id: string;
  name: string;
  prefix: string;
  scopes: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: { id: string; name: string } | null;
}): ApiTokenView {
  return { ...row, scopes: parseScopes(row.scopes) };
}

function newSecret(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return `${TOKEN_PREFIX}${encodeBase32LowerCaseNoPadding(bytes)}`;
}

export async function listApiTokens(db: Db, accountId: string): Promise<ApiTokenView[]> {
  const rows = await db.apiToken.findMany({
    where: { accountId },
    select: tokenSelect,
    orderBy: { createdAt: 'desc' },
  });
  return rows.map(toView);
}

export async function createApiToken(
  deps: { db: Db; bus: EventBus },
  admin: TokenAdmin,
  input: { name: string; scopes: ApiScope[]; expiresAt?: Date | null | undefined },
): Promise<{ token: string; apiToken: ApiTokenView }> {
  const { db } = deps;
  await assertFeature(deps, admin.accountId, 'api');
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    throw new AppError('bad_request', 'api_token.expiry_past', 'The expiry must be in the future', {
      expiresAt: 'api_token.expiry_past',
    });
  }
  const scopes = [...new Set(input.scopes)].sort();
  if (scopes.length === 0) {
    throw new AppError('bad_request', 'api_token.no_scopes', 'Choose at least one scope', {
      scopes: 'api_token.no_scopes',
    });
  }
  const token = newSecret();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        accountId: admin.accountId,
        name: input.name,
        tokenHash: hashToken(token),
        prefix: token.slice(0, SHOWN_CHARS),
        scopes: scopes.join(' '),
        expiresAt: input.expiresAt ?? null,
        createdById: admin.userId,
      },
      select: tokenSelect,
    });
    await audit(tx, {
      accountId: admin.accountId,
      actorUserId: admin.userId,
      action: 'api_token.created',
      targetType: 'api_token',
      targetId: created.id,
      data: { name: input.name, scopes, expiresAt: input.expiresAt?.toISOString() ?? null },
      ip: admin.ip,
    });
    return created;
  });
  return { token, apiToken: toView(row) };
}

export async function revokeApiToken(db: Db, admin: TokenAdmin, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const done = await tx.apiToken.updateMany({
      where: { id, accountId: admin.accountId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (done.count === 0) {
      const exists = await tx.apiToken.findFirst({ where: { id, accountId: admin.accountId } });
      if (!exists) throw notFound('API token');
      return;
    }
    await audit(tx, {
      accountId: admin.accountId,
      actorUserId: admin.userId,
      action: 'api_token.revoked',
      targetType: 'api_token',
      targetId: id,
      ip: admin.ip,
    });
  });
}

export interface ApiCaller {
  tokenId: string;
  accountId: string;
  scopes: ApiScope[];
  /** The token's creator: calls act as this user unless a request names another agent. */
  userId: string;
}

const unauthorized = (code: string, message: string) => new AppError('unauthorized', code, message);

/**
 * The caller a bearer token stands for, or an `unauthorized` AppError with a stable code. `db` is the
 * unscoped client: no account is known before the token is read.
 */
export async function authenticateApiToken(db: Db, header: string | undefined): Promise<ApiCaller> {
  const match = /^Bearer\s+(prl_[a-z2-7]{1,64})\s*$/i.exec(header ?? '');
  if (!match?.[1]) throw unauthorized('api.token_missing', 'Send an API token: Authorization: Bearer prl_…');
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(match[1]) },
    select: {
      id: true,
      accountId: true,
      scopes: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      createdBy: { select: { id: true, accountId: true, disabledAt: true, role: true } },
      account: { select: { suspendedAt: true } },
    },
  });
  if (!row) throw unauthorized('api.token_invalid', 'This API token is not valid');
  // A valid token of a suspended account: 403 with its own code, so the caller knows why.
  if (row.account.suspendedAt) throw accountSuspended();
  if (row.revokedAt) throw unauthorized('api.token_revoked', 'This API token has been revoked');
  const now = Date.now();
  if (row.expiresAt && row.expiresAt.getTime() <= now)
    throw unauthorized('api.token_expired', 'This API token has expired');
  const creator = row.createdBy;
  // A token speaks for its creator: it stops when they are removed, disabled or no longer an admin.
  if (!creator || creator.accountId !== row.accountId || creator.disabledAt || creator.role === 'agent')
    throw unauthorized('api.token_owner_gone', 'The admin who created this API token can no longer use it');
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_EVERY_MS) {
    await db.apiToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { tokenId: row.id, accountId: row.accountId, scopes: parseScopes(row.scopes), userId: creator.id };
}

export function requireScope(caller: ApiCaller, scope: ApiScope): void {
  if (!caller.scopes.includes(scope))
    throw new AppError('forbidden', 'api.scope_missing', `This API token lacks the scope ${scope}`);
}

export interface RateState {
  limit: number;
  remaining: number;
  /** Seconds until the window restarts. */
  resetSeconds: number;
  limited: boolean;
}

/**
 * Counts one call against the token's fixed one-minute window (in the database, so every process
 * shares the count). Windows are aligned to the clock, so the reset time needs no extra read.
 */
export async function hitApiRateLimit(db: Db, tokenId: string, limit: number): Promise<RateState> {
  const now = Date.now();
  const window = Math.floor(now / API_RATE_WINDOW_MS);
  const resetAt = (window + 1) * API_RATE_WINDOW_MS;
  const count = await recordHit(db, {
    key: `api:${tokenId}:${window}`,
    max: limit,
    windowMs: resetAt - now,
  });
  return {
    limit,
    remaining: Math.max(0, limit - count),
    resetSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
    limited: count > limit,
  };
}

/** One audit line per API call (who, which token, what, the answer's status). */
export async function auditApiCall(
  db: Db,
  caller: ApiCaller,
  call: { actorUserId: string; method: string; route: string; status: number; ip: string | undefined },
): Promise<void> {
  await audit(db, {
    accountId: caller.accountId,
    actorUserId: call.actorUserId,
    action: 'api.call',
    targetType: 'api_token',
    targetId: caller.tokenId,
    data: { method: call.method, route: call.route, status: call.status },
    ip: call.ip,
  });
}
