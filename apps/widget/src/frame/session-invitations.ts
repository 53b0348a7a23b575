import { findInvitation, nextInvitationDelay } from '../lib/invitations';
import { readJson, writeJson } from '../lib/storage';
import type { PageInfo } from '../types';
import type { SessionContext } from './session-state';

/**
 * Automatic invitations: the first rule that matches this page is shown once per visit (kept in the
 * site's storage), never during a conversation; a rule that needs more seconds on the page is
 * checked again when they have passed.
 */
export class InvitationScheduler {
  private page: PageInfo = { url: '', title: '', referrer: '' };
  private pageStartedAt = Date.now();
  private shownOnPage = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ctx: SessionContext) {}

  /** A new page (or the first one): its own seconds count, and an unanswered invitation goes. */
  enterPage(page: PageInfo, navigated: boolean): void {
    this.page = page;
    this.pageStartedAt = Date.now();
    if (!navigated) return;
    this.shownOnPage = false;
    const { invitation, conversation } = this.ctx.store.state;
    if (invitation && !conversation) this.show(null);
  }

  schedule(): void {
    clearTimeout(this.timer);
    const { store, storage, keys } = this.ctx;
    const { config, visit, conversation, invitation, banned } = store.state;
    if (!config?.invitations?.length || !visit || conversation || invitation || banned) return;
    if (this.shownOnPage) return;
    const match = {
      url: this.page.url,
      secondsOnPage: (Date.now() - this.pageStartedAt) / 1000,
      visitNumber: visit.number,
      source: visit.source,
      shown: this.shownThisVisit(),
    };
    const rule = findInvitation(config.invitations, match);
    if (rule) {
      this.shownOnPage = true;
      writeJson(storage, keys.inv, { visit: visit.id, ids: [...match.shown, rule.id] });
      this.show(rule.text);
      return;
    }
    const wait = nextInvitationDelay(config.invitations, match);
    if (wait !== null) this.timer = setTimeout(() => this.schedule(), wait * 1000 + 50);
  }

  /** Shows `text` in the chat and in the bubble by the launcher; null takes both away. */
  show(text: string | null): void {
    this.ctx.store.set({ invitation: text });
    this.ctx.post({ parley: 'bubble', text: text ?? '' });
  }

  private shownThisVisit(): Set<string> {
    const { store, storage, keys } = this.ctx;
    const v = readJson<{ visit: string; ids: string[] }>(storage, keys.inv);
    return new Set(v && v.visit === store.state.visit?.id ? v.ids : []);
  }
}
