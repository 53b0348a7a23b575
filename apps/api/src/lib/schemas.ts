import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN } from '../auth/password';

/** Emails are trimmed and lower-cased before anything else: login is case-insensitive (A2). */
export const ZEmail = z.string().trim().toLowerCase().max(254).email();
export const ZPassword = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);
export const ZPersonName = z.string().trim().min(1).max(100);
export const ZLocale = z.enum(['en', 'tr']);
export const ZTheme = z.enum(['dark', 'light']);
export const ZNotificationType = z.enum(['in-app', 'os', 'off']);
export const ZId = z.string().min(1).max(100);
export const ZLastEventId = z.object({ lastEventId: z.string().max(40).nullish() }).optional();
