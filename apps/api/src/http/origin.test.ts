import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isAllowedOrigin } from './origin';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('isAllowedOrigin', () => {
  it('allows our own origin and clients without one', () => {
    expect(
      isAllowedOrigin(req({ host: 'chat.acme.test', origin: 'https://chat.acme.test' }), undefined),
    ).toBe(true);
    expect(isAllowedOrigin(req({ host: '127.0.0.1:3000' }), undefined)).toBe(true);
    expect(
      isAllowedOrigin(
        req({ host: 'internal:3000', origin: 'https://chat.acme.test' }),
        'https://chat.acme.test',
      ),
    ).toBe(true);
  });
  it('refuses other sites and garbage', () => {
    expect(
      isAllowedOrigin(req({ host: 'chat.acme.test', origin: 'https://evil.test' }), 'https://chat.acme.test'),
    ).toBe(false);
    expect(isAllowedOrigin(req({ host: 'chat.acme.test', origin: 'null' }), undefined)).toBe(false);
  });
});
