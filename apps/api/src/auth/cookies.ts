import { parse, serialize } from 'cookie';

export const SESSION_COOKIE = 'parley_session';
/** auth/device-token.ts: a browser that has logged in before. Outlives sessions (one year). */
export const DEVICE_COOKIE = 'parley_device';
const DEVICE_COOKIE_SECONDS = 365 * 24 * 60 * 60;

export function readSessionToken(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  return parse(cookieHeader)[SESSION_COOKIE] || undefined;
}

export function readDeviceToken(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  return parse(cookieHeader)[DEVICE_COOKIE] || undefined;
}

export function deviceCookie(token: string, secure: boolean): string {
  return serialize(DEVICE_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: DEVICE_COOKIE_SECONDS,
  });
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return serialize(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: expiresAt,
  });
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 });
}
