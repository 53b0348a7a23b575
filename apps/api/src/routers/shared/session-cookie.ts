import { clearedSessionCookie, deviceCookie, sessionCookie } from '../../auth/cookies';
import type { Context } from '../../context';
import { isOperator } from '../../domain/operator/operators';
import { setPresence } from '../../domain/team';
import type { Me } from '../../domain/users';

/** Logging in happens over HTTP (cookies cannot be set over a WebSocket). */
export function startSession(
  ctx: Context,
  session: { token: string; expiresAt: Date; deviceToken?: string | undefined },
) {
  ctx.setCookie(sessionCookie(session.token, session.expiresAt, ctx.secureCookies));
  if (session.deviceToken) ctx.setCookie(deviceCookie(session.deviceToken, ctx.secureCookies));
}

export function endSession(ctx: Context) {
  ctx.setCookie(clearedSessionCookie(ctx.secureCookies));
}

/** A completed sign-in (password, or password and second factor): cookies, and the agent comes online. */
export async function startSignedIn(
  ctx: Context,
  { me, ...session }: { me: Me; token: string; expiresAt: Date; deviceToken?: string | undefined },
): Promise<Me> {
  startSession(ctx, session);
  // Operators named by PARLEY_OPERATOR_EMAILS, as `auth.me` says (the console keeps this answer).
  me.operator = isOperator(ctx.deps.config, me);
  // Logging in is coming to work: teammates see the agent online (B8).
  if (me.presence === 'offline') {
    await setPresence(ctx.deps, { accountId: me.accountId, userId: me.id }, 'online');
    me.presence = 'online';
  }
  return me;
}
