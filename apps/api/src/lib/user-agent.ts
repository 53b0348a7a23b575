// Reading a browser's user agent: for visitors' visits and for an agent's sessions alike.
import { UAParser } from 'ua-parser-js';

/** ua-parser-js's device types; it leaves desktops untyped, which we name. */
export type TDeviceType =
  | 'desktop'
  | 'mobile'
  | 'tablet'
  | 'console'
  | 'smarttv'
  | 'wearable'
  | 'embedded'
  | 'xr';

/** One reading of a user agent, for visitors (B7) and for an agent's sessions alike. */
export interface UserAgentInfo {
  browser: string | null;
  os: string | null;
  deviceType: TDeviceType;
  /** Vendor and model ("Apple iPhone"), when the user agent names them. */
  deviceModel: string | null;
}

/** The non-empty parts joined by a space; null when none. */
export const joinWords = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' ') || null;

export function parseUserAgent(userAgent: string | null | undefined): UserAgentInfo | null {
  if (!userAgent) return null;
  const ua = new UAParser(userAgent).getResult();
  return {
    browser: joinWords(ua.browser.name, ua.browser.major),
    os: joinWords(ua.os.name, ua.os.version),
    deviceType: (ua.device.type as TDeviceType | undefined) ?? 'desktop',
    deviceModel: joinWords(ua.device.vendor, ua.device.model),
  };
}
