import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import type { Db } from '@parley/db';
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { generateToken, hashToken } from '../../auth/tokens';
import { AppError, notFound } from '../../errors';
import { audit } from '../audit';
import { recordHit } from '../rate-limit';

const CHALLENGE_TTL_MS = 5 * 60 * 1000;
/** Failed passkey sign-ins per client address in 15 minutes. */
const PASSKEY_LIMIT = { max: 30, windowMs: 15 * 60 * 1000 } as const;

export interface PasskeyActor {
  accountId: string;
  userId: string;
  ip?: string | undefined;
}

/**
 * The relying party is the console's origin (PUBLIC_URL). An IP address cannot be an RP ID, so a
 * loopback PUBLIC_URL (development, tests) stands for `localhost` on the same port.
 */
export function relyingParty(publicUrl: string): { rpID: string; origins: string[] } {
  const url = new URL(publicUrl);
  if (url.hostname === '127.0.0.1' || url.hostname === '[::1]') {
    const local = new URL(publicUrl);
    local.hostname = 'localhost';
    return { rpID: 'localhost', origins: [url.origin, local.origin] };
  }
  return { rpID: url.hostname, origins: [url.origin] };
}

const failed = () => new AppError('bad_request', 'passkey.failed', 'The passkey could not be verified');

async function saveChallenge(db: Db, challenge: string, userId: string | null) {
  const token = generateToken();
  await db.webAuthnChallenge.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  await db.webAuthnChallenge.create({
    data: { id: hashToken(token), challenge, userId, expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS) },
  });
  return token;
}

/** The stored challenge for a token, spent on reading (one answer per challenge). */
async function takeChallenge(db: Db, token: string, userId: string | null) {
  const id = hashToken(token);
  const row = await db.webAuthnChallenge.findUnique({ where: { id } });
  const { count } = await db.webAuthnChallenge.deleteMany({ where: { id } });
  if (!row || count === 0 || row.expiresAt.getTime() <= Date.now() || row.userId !== userId) throw failed();
  return row.challenge;
}

export async function listPasskeys(db: Db, actor: PasskeyActor) {
  const rows = await db.passkey.findMany({
    where: { accountId: actor.accountId, userId: actor.userId },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    createdAt: p.createdAt.toISOString(),
    lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
  }));
}

/** Adding a passkey, step 1: options for `navigator.credentials.create` (a discoverable credential). */
export async function startPasskeyRegistration(db: Db, actor: PasskeyActor, publicUrl: string) {
  const user = await db.user.findFirst({
    where: { id: actor.userId, accountId: actor.accountId },
    include: { account: { select: { name: true } } },
  });
  if (!user) throw notFound('User');
  const existing = await db.passkey.findMany({ where: { accountId: actor.accountId, userId: actor.userId } });
  const options = await generateRegistrationOptions({
    rpName: 'Parley',
    rpID: relyingParty(publicUrl).rpID,
    userName: user.email,
    // One address may have a user in several accounts: the account tells their passkeys apart.
    userDisplayName: `${user.name} (${user.account.name})`,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({
      id: p.id,
      ...(p.transports ? { transports: p.transports.split(',') as AuthenticatorTransport[] } : {}),
    })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  return { options, challengeId: await saveChallenge(db, options.challenge, actor.userId) };
}

/** Adding a passkey, step 2: the authenticator's answer, verified against the challenge. */
export async function finishPasskeyRegistration(
  db: Db,
  actor: PasskeyActor,
  publicUrl: string,
  input: { challengeId: string; credential: RegistrationResponseJSON; name: string },
) {
  const expectedChallenge = await takeChallenge(db, input.challengeId, actor.userId);
  const { rpID, origins } = relyingParty(publicUrl);
  const result = await verifyRegistrationResponse({
    response: input.credential,
    expectedChallenge,
    expectedOrigin: origins,
    expectedRPID: rpID,
    requireUserVerification: true,
  }).catch(() => null);
  if (!result?.verified) throw failed();
  const { credential } = result.registrationInfo;
  await db.passkey.create({
    data: {
      id: credential.id,
      accountId: actor.accountId,
      userId: actor.userId,
      publicKey: encodeBase64urlNoPadding(credential.publicKey),
      counter: credential.counter,
      transports: credential.transports?.join(',') ?? null,
      name: input.name,
    },
  });
  await audit(db, {
    accountId: actor.accountId,
    actorUserId: actor.userId,
    action: 'user.passkey_added',
    targetType: 'passkey',
    targetId: credential.id,
    ip: actor.ip,
  });
  return listPasskeys(db, actor);
}

export async function deletePasskey(db: Db, actor: PasskeyActor, id: string) {
  const { count } = await db.passkey.deleteMany({
    where: { id, accountId: actor.accountId, userId: actor.userId },
  });
  if (count === 0) throw notFound('Passkey');
  await audit(db, {
    accountId: actor.accountId,
    actorUserId: actor.userId,
    action: 'user.passkey_removed',
    targetType: 'passkey',
    targetId: id,
    ip: actor.ip,
  });
  return { ok: true as const };
}

/** Password-less sign-in, step 1: options for `navigator.credentials.get` (any passkey of this site). */
export async function startPasskeyLogin(db: Db, publicUrl: string) {
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(publicUrl).rpID,
    userVerification: 'required',
  });
  return { options, challengeId: await saveChallenge(db, options.challenge, null) };
}

/**
 * Step 2: the signature proves the device, its user verification (PIN, fingerprint) the person, so a
 * passkey is both factors and no TOTP code is asked after it. Returns the user to sign in.
 */
export async function finishPasskeyLogin(
  db: Db,
  publicUrl: string,
  input: { challengeId: string; credential: AuthenticationResponseJSON },
  ip: string | undefined,
) {
  const count = await recordHit(db, { key: `passkey:ip:${ip ?? 'unknown'}`, ...PASSKEY_LIMIT });
  if (count > PASSKEY_LIMIT.max)
    throw new AppError('rate_limited', 'auth.rate_limited', 'Too many attempts; try again in a few minutes');
  const expectedChallenge = await takeChallenge(db, input.challengeId, null);
  const passkey = await db.passkey.findUnique({
    where: { id: input.credential.id },
    include: { user: true },
  });
  if (!passkey || passkey.user.disabledAt) throw failed();
  const { rpID, origins } = relyingParty(publicUrl);
  const result = await verifyAuthenticationResponse({
    response: input.credential,
    expectedChallenge,
    expectedOrigin: origins,
    expectedRPID: rpID,
    requireUserVerification: true,
    credential: {
      id: passkey.id,
      publicKey: new Uint8Array(decodeBase64urlIgnorePadding(passkey.publicKey)),
      counter: passkey.counter,
      ...(passkey.transports
        ? { transports: passkey.transports.split(',') as AuthenticatorTransport[] }
        : {}),
    },
  }).catch(() => null);
  if (!result?.verified) throw failed();
  await db.passkey.updateMany({
    where: { id: passkey.id, accountId: passkey.accountId },
    data: { counter: result.authenticationInfo.newCounter, lastUsedAt: new Date() },
  });
  return passkey.user;
}
