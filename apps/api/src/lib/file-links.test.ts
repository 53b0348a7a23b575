import { describe, expect, it } from 'vitest';
import { configureFileLinks, signFileLink, verifyFileLink } from './file-links';

const parse = (link: string) => {
  const url = new URL(link, 'http://x');
  return { e: url.searchParams.get('e'), s: url.searchParams.get('s') };
};

describe('file links', () => {
  configureFileLinks('test-secret-0123456789');
  const attachment = { id: 'att-1', accountId: 'acc-1' };

  it('verifies its own links until they expire', () => {
    const now = Date.now();
    const { e, s } = parse(signFileLink(attachment, now, 60));
    expect(verifyFileLink(attachment, e, s, now)).toBe('ok');
    expect(verifyFileLink(attachment, e, s, now + 2 * 3600_000)).toBe('expired');
  });

  it('refuses a link moved to another attachment or account, or with a changed expiry', () => {
    const { e, s } = parse(signFileLink(attachment));
    expect(verifyFileLink({ id: 'att-2', accountId: 'acc-1' }, e, s)).toBe('invalid');
    expect(verifyFileLink({ id: 'att-1', accountId: 'acc-2' }, e, s)).toBe('invalid');
    expect(verifyFileLink(attachment, String(Number(e) + 3600), s)).toBe('invalid');
    expect(verifyFileLink(attachment, e, null)).toBe('invalid');
    expect(verifyFileLink(attachment, 'soon', s)).toBe('invalid');
  });

  it('refuses links signed with another secret', () => {
    const { e, s } = parse(signFileLink(attachment));
    configureFileLinks('another-secret-0123456789');
    expect(verifyFileLink(attachment, e, s)).toBe('invalid');
    configureFileLinks('test-secret-0123456789');
    expect(verifyFileLink(attachment, e, s)).toBe('ok');
  });
});
