import { createHmac } from 'node:crypto';

/**
 * Twilio's request signature (`X-Twilio-Signature`, documented in "Webhooks security"): base64 of
 * HMAC-SHA1 keyed with the auth token over the full URL Twilio requested followed by every POST
 * parameter, sorted by name, as name + value with no separators. Shared by the plugin (verifying)
 * and the local fake (signing), so both follow one reading of the documentation.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string | string[]>) {
  const data = Object.keys(params)
    .sort()
    .map((key) => {
      const value = params[key];
      return Array.isArray(value)
        ? [...value]
            .sort()
            .map((v) => key + v)
            .join('')
        : key + value;
    })
    .join('');
  return createHmac('sha1', authToken)
    .update(Buffer.from(url + data, 'utf-8'))
    .digest('base64');
}

/** A form body as Twilio sends it: repeated names collected into arrays. */
export function formParams(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const seen = out[key];
    out[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
/** XML text and attribute escaping for TwiML. */
export const xml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

export const TWIML = 'text/xml; charset=utf-8';
export const twiml = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`;
