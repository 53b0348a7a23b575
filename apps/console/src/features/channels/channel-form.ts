import type { TRouterInputs, TRouterOutputs } from '../../lib/trpc';

/** The channel settings form: numbers are edited as text and turned back into the API's config here. */
export type TChannel = TRouterOutputs['channels']['get'];
export type TWebsiteConfig = TChannel['config'];
type TRule = TWebsiteConfig['invitations'][number];
type TSource = NonNullable<TRule['source']>;

export type TRuleDraft = {
  id: string;
  text: string;
  secondsOnPage: string;
  urlPattern: string;
  minVisits: string;
  source: TSource;
};

export type TChannelDraft = {
  name: string;
  enabled: boolean;
  config: Omit<TWebsiteConfig, 'invitations'>;
  rules: TRuleDraft[];
};

export function channelToDraft(channel: TChannel): TChannelDraft {
  const { invitations, ...config } = channel.config;
  return {
    name: channel.name,
    enabled: channel.enabled,
    config,
    rules: invitations.map((rule) => ({
      id: rule.id,
      text: rule.text,
      secondsOnPage: String(rule.secondsOnPage),
      urlPattern: rule.urlPattern ?? '',
      minVisits: rule.minVisits === undefined ? '' : String(rule.minVisits),
      source: rule.source ?? 'any',
    })),
  };
}

const INTEGER = /^\d+$/;

/** Client-side checks with the server's ids; keys match the server's fieldErrors paths. */
export function validateChannelDraft(draft: TChannelDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!draft.name.trim()) errors.name = 'validation.required';
  draft.rules.forEach((rule, index) => {
    const at = `config.invitations.${index}`;
    if (!rule.text.trim()) errors[`${at}.text`] = 'validation.required';
    const seconds = rule.secondsOnPage.trim();
    if (!INTEGER.test(seconds) || Number(seconds) > 3600)
      errors[`${at}.secondsOnPage`] = 'validation.invalid';
    const visits = rule.minVisits.trim();
    if (visits && (!INTEGER.test(visits) || Number(visits) < 1 || Number(visits) > 1000)) {
      errors[`${at}.minVisits`] = 'validation.invalid';
    }
  });
  return errors;
}

export function draftToUpdate(id: string, draft: TChannelDraft): TRouterInputs['channels']['update'] {
  return {
    id,
    name: draft.name.trim(),
    enabled: draft.enabled,
    config: {
      ...draft.config,
      invitations: draft.rules.map((rule) => {
        const minVisits = rule.minVisits.trim();
        const urlPattern = rule.urlPattern.trim();
        return {
          id: rule.id,
          text: rule.text.trim(),
          secondsOnPage: Number(rule.secondsOnPage.trim()),
          source: rule.source,
          ...(urlPattern ? { urlPattern } : {}),
          ...(minVisits ? { minVisits: Number(minVisits) } : {}),
        };
      }),
    },
  };
}
