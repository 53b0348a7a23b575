import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Which users of other accounts a signed-in person may switch to (docs/security.md, "Switching
 * accounts"). An email address proves nothing: anyone can create an account with someone else's
 * address (public sign-up, or as an admin of their own account). What proves that two users are the
 * same person is that one sign-in unlocked both: the password typed at login matched each of them
 * (or the passkey belongs to that user). That set is written to the session at sign-in and carried,
 * unchanged, to the session a switch creates; an account joined later needs a fresh sign-in.
 *
 * Each entry is `userId.level.mac`: `level` is `f` when the user's full sign-in requirement was met
 * (a second factor or a passkey), `p` when only the password was checked; `mac` binds the entry to
 * the password hash of that moment (HMAC keyed by the hash, like the device cookie), so a password
 * changed or reset since the sign-in voids the entry without any bookkeeping.
 */
export interface LinkedUser {
  userId: string;
  full: boolean;
  mac: string;
}

/** The fields that decide whether an entry still proves its user. */
export interface LinkCandidate {
  id: string;
  passwordHash: string;
  disabledAt: Date | null;
  totpEnabledAt: Date | null;
  emailUnverified: boolean;
}

/** No more than this many users per sign-in (one address in more accounts is very unusual). */
export const MAX_LINKED_USERS = 20;

function macOf(user: { id: string; passwordHash: string }): string {
  return createHmac('sha256', user.passwordHash).update(`link:${user.id}`).digest('base64url').slice(0, 22);
}

export function linkUser(user: { id: string; passwordHash: string }, full: boolean): LinkedUser {
  return { userId: user.id, full, mac: macOf(user) };
}

export function encodeLinked(entries: LinkedUser[]): string {
  return entries.map((e) => `${e.userId}.${e.full ? 'f' : 'p'}.${e.mac}`).join(' ');
}

export function parseLinked(value: string | null | undefined): LinkedUser[] {
  if (!value) return [];
  const entries: LinkedUser[] = [];
  for (const part of value.split(' ').slice(0, MAX_LINKED_USERS)) {
    const [userId, level, mac] = part.split('.');
    if (userId && mac && (level === 'f' || level === 'p')) entries.push({ userId, full: level === 'f', mac });
  }
  return entries;
}

/** The same set with `userId`'s entry raised to a full sign-in (its second factor was just given). */
export function withFullSignIn(entries: LinkedUser[], user: { id: string; passwordHash: string }) {
  const rest = entries.filter((e) => e.userId !== user.id);
  return [linkUser(user, true), ...rest];
}

/**
 * Whether `entry` still lets its holder into `user` without signing in again: the same password as
 * at sign-in, the user enabled and verified, and no second factor owed that was not given then.
 * `secondFactorLater`: the caller asks for the second factor itself next (the account picker).
 */
export function stillProves(entry: LinkedUser, user: LinkCandidate, secondFactorLater = false): boolean {
  if (entry.userId !== user.id || user.disabledAt || user.emailUnverified) return false;
  const expected = Buffer.from(macOf(user));
  const given = Buffer.from(entry.mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  return entry.full || !user.totpEnabledAt || secondFactorLater;
}
