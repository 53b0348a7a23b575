import { describe, expect, it } from 'vitest';
import type { Visitor, WebsiteConfig } from '../types';
import { needsPreChat } from './pre-chat';

const form = (over: Partial<WebsiteConfig['preChatForm']> = {}): WebsiteConfig['preChatForm'] => ({
  enabled: true,
  requireName: false,
  requireEmail: false,
  requirePhone: false,
  ...over,
});
const visitor = (over: Partial<Visitor> = {}): Visitor => ({
  id: 'v1',
  number: 1,
  name: null,
  email: null,
  phone: null,
  ...over,
});

describe('needsPreChat', () => {
  it('never when the form is off or already filled in', () => {
    expect(needsPreChat(form({ enabled: false, requireName: true }), visitor(), false)).toBe(false);
    expect(needsPreChat(form({ requireName: true }), visitor(), true)).toBe(false);
  });

  it('when a required field is missing, not when the visitor has them all', () => {
    expect(needsPreChat(form({ requireEmail: true }), visitor({ name: 'Ada' }), false)).toBe(true);
    expect(needsPreChat(form({ requirePhone: true }), visitor({ phone: '+90 555' }), false)).toBe(false);
    expect(
      needsPreChat(form({ requireName: true, requireEmail: true }), visitor({ name: 'Ada' }), false),
    ).toBe(true);
  });

  it('with nothing required, only for a visitor with neither a name nor an email', () => {
    expect(needsPreChat(form(), visitor(), false)).toBe(true);
    expect(needsPreChat(form(), visitor({ email: 'ada@example.com' }), false)).toBe(false);
  });
});
