import type { Visitor, WebsiteConfig } from '../types';

/**
 * Whether the pre-chat form stands before the chat: it is on, not yet filled in, and the visitor
 * lacks a field it requires (or, when it requires none, has neither a name nor an email).
 */
export function needsPreChat(form: WebsiteConfig['preChatForm'], visitor: Visitor, done: boolean): boolean {
  if (!form.enabled || done) return false;
  const { requireName, requireEmail, requirePhone } = form;
  if (!requireName && !requireEmail && !requirePhone) return !visitor.name && !visitor.email;
  return (
    (requireName && !visitor.name) || (requireEmail && !visitor.email) || (requirePhone && !visitor.phone)
  );
}
