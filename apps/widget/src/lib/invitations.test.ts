import { describe, expect, it } from 'vitest';
import type { InvitationRule } from '../types';
import { findInvitation, matchesUrl, nextInvitationDelay } from './invitations';

const rule = (over: Partial<InvitationRule>): InvitationRule => ({
  id: 'r',
  text: 'Need help?',
  secondsOnPage: 0,
  source: 'any',
  ...over,
});
const ctx = {
  url: 'https://shop.test/en/pricing?plan=pro',
  secondsOnPage: 10,
  visitNumber: 1,
  source: 'direct' as const,
  shown: new Set<string>(),
};

describe('matchesUrl', () => {
  it('treats an empty pattern as any page', () => {
    expect(matchesUrl(undefined, 'https://a.test/')).toBe(true);
    expect(matchesUrl('  ', 'https://a.test/')).toBe(true);
  });
  it('matches a plain pattern as a case-insensitive substring', () => {
    expect(matchesUrl('/PRICING', ctx.url)).toBe(true);
    expect(matchesUrl('/checkout', ctx.url)).toBe(false);
  });
  it('lets * stand for any run of characters', () => {
    expect(matchesUrl('shop.test/*/pricing', ctx.url)).toBe(true);
    expect(matchesUrl('*plan=pro', ctx.url)).toBe(true);
    expect(matchesUrl('shop.test/*/checkout', ctx.url)).toBe(false);
  });
  it('escapes regular-expression characters', () => {
    expect(matchesUrl('pricing?plan', ctx.url)).toBe(true);
    expect(matchesUrl('(pricing)*', ctx.url)).toBe(false);
    expect(matchesUrl('p.icing', ctx.url)).toBe(false);
  });
});

describe('findInvitation', () => {
  it('waits for the time on the page', () => {
    expect(findInvitation([rule({ secondsOnPage: 30 })], ctx)).toBeNull();
    expect(findInvitation([rule({ secondsOnPage: 30 })], { ...ctx, secondsOnPage: 30 })?.id).toBe('r');
  });
  it('checks the visit count and the source', () => {
    expect(findInvitation([rule({ minVisits: 2 })], ctx)).toBeNull();
    expect(findInvitation([rule({ minVisits: 2 })], { ...ctx, visitNumber: 3 })).not.toBeNull();
    expect(findInvitation([rule({ source: 'search' })], ctx)).toBeNull();
    expect(findInvitation([rule({ source: 'direct' })], ctx)).not.toBeNull();
    expect(findInvitation([rule({ source: 'any' })], ctx)).not.toBeNull();
  });
  it('takes the first matching rule in order and skips rules shown this visit', () => {
    const rules = [
      rule({ id: 'a', urlPattern: '/checkout' }),
      rule({ id: 'b', urlPattern: '/pricing' }),
      rule({ id: 'c' }),
    ];
    expect(findInvitation(rules, ctx)?.id).toBe('b');
    expect(findInvitation(rules, { ...ctx, shown: new Set(['b']) })?.id).toBe('c');
  });
  it('ignores rules without text', () => {
    expect(findInvitation([rule({ text: ' ' })], ctx)).toBeNull();
  });
});

describe('nextInvitationDelay', () => {
  it('is the shortest wait among rules that could still match', () => {
    const rules = [
      rule({ id: 'a', secondsOnPage: 60 }),
      rule({ id: 'b', secondsOnPage: 25 }),
      rule({ id: 'c', secondsOnPage: 15, urlPattern: '/nowhere' }),
    ];
    expect(nextInvitationDelay(rules, ctx)).toBe(15);
    expect(nextInvitationDelay(rules, { ...ctx, shown: new Set(['a', 'b']) })).toBeNull();
  });
});
