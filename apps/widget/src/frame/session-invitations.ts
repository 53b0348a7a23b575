import { findInvitation, nextInvitationDelay } from '../lib/invitations';
import { readJson, writeJson } from '../lib/storage';
import type { PageInfo } from '../types';
import type { SessionContext } from './session-state';

export type InvitationScheduler = ReturnType<typeof createInvitationScheduler>;

/**
 * Automatic invitations: the first rule that matches this page is shown once per visit (kept in the
 * site's storage), never during a conversation; a rule that needs more seconds on the page is
 * checked again when they have passed.
 */
export function createInvitationScheduler({ store, storage, keys, post }: SessionContext) {
  let url = '';
  let pageStartedAt = Date.now();
  let shownOnPage = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Shows `text` in the chat and in the bubble by the launcher; null takes both away. */
  const show = (text: string | null) => {
    store.set({ invitation: text });
    post({ parley: 'bubble', text: text ?? '' });
  };

  const shownThisVisit = () => {
    const v = readJson<{ visit: string; ids: string[] }>(storage, keys.inv);
    return new Set(v && v.visit === store.state.visit?.id ? v.ids : []);
  };

  const schedule = (): void => {
    clearTimeout(timer);
    const { config, visit, conversation, invitation, banned } = store.state;
    if (!config?.invitations?.length || !visit || conversation || invitation || banned) return;
    if (shownOnPage) return;
    const match = {
      url,
      secondsOnPage: (Date.now() - pageStartedAt) / 1000,
      visitNumber: visit.number,
      source: visit.source,
      shown: shownThisVisit(),
    };
    const rule = findInvitation(config.invitations, match);
    if (rule) {
      shownOnPage = true;
      writeJson(storage, keys.inv, { visit: visit.id, ids: [...match.shown, rule.id] });
      show(rule.text);
      return;
    }
    const wait = nextInvitationDelay(config.invitations, match);
    if (wait !== null) timer = setTimeout(schedule, wait * 1000 + 50);
  };

  /** A new page (or the first one): its own seconds count, and an unanswered invitation goes. */
  const enterPage = (page: PageInfo, navigated: boolean): void => {
    url = page.url;
    pageStartedAt = Date.now();
    if (!navigated) return;
    shownOnPage = false;
    if (store.state.invitation && !store.state.conversation) show(null);
  };

  return { enterPage, schedule };
}
