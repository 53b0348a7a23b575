import type { InvitationRule, VisitSource } from '../types';

/**
 * `urlPattern` is a case-insensitive substring, where `*` stands for any run of characters
 * (`checkout` or `/blog/*comments`). An empty pattern matches every page.
 */
export function matchesUrl(pattern: string | undefined, url: string): boolean {
  const p = (pattern ?? '').trim().toLowerCase();
  if (!p) return true;
  const u = url.toLowerCase();
  if (!p.includes('*')) return u.includes(p);
  const re = p
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(re).test(u);
}

export interface InvitationContext {
  url: string;
  secondsOnPage: number;
  visitNumber: number;
  source: VisitSource;
  /** Rule ids already shown during this visit. */
  shown: ReadonlySet<string>;
}

export function matchesRule(rule: InvitationRule, ctx: InvitationContext): boolean {
  return (
    !!rule.text.trim() &&
    ctx.secondsOnPage >= (rule.secondsOnPage || 0) &&
    ctx.visitNumber >= (rule.minVisits ?? 0) &&
    (!rule.source || rule.source === 'any' || rule.source === ctx.source) &&
    matchesUrl(rule.urlPattern, ctx.url)
  );
}

/** The first rule (in the admin's order) that matches now and was not shown during this visit. */
export function findInvitation(rules: readonly InvitationRule[], ctx: InvitationContext) {
  return rules.find((r) => !ctx.shown.has(r.id) && matchesRule(r, ctx)) ?? null;
}

/** Seconds until some not-yet-shown rule could match on time alone; null when none can. */
export function nextInvitationDelay(rules: readonly InvitationRule[], ctx: InvitationContext): number | null {
  let best: number | null = null;
  for (const r of rules) {
    if (ctx.shown.has(r.id) || !matchesRule(r, { ...ctx, secondsOnPage: Number.POSITIVE_INFINITY })) continue;
    const wait = Math.max(0, (r.secondsOnPage || 0) - ctx.secondsOnPage);
    best = best === null ? wait : Math.min(best, wait);
  }
  return best;
}
