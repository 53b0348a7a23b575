import { clearedSessionCookie, deviceCookie, sessionCookie } from '../../auth/cookies';
import type { Context } from '../../context';

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
