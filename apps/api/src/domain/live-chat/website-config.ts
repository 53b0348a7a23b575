import { z } from 'zod';

/** Settings of a website channel (G1, G3, F3); see docs/live-chat.md. */
export const ZInvitationRule = z.object({
  id: z.string().min(1).max(40),
  text: z.string().trim().min(1).max(500),
  secondsOnPage: z.number().int().min(0).max(3600).default(10),
  urlPattern: z.string().trim().max(500).optional(),
  minVisits: z.number().int().min(1).max(1000).optional(),
  source: z.enum(['any', 'search', 'referral', 'direct', 'campaign']).default('any'),
});

/**
 * G5: the widget's languages (apps/widget/src/i18n/locales.ts has the same list with their names; the
 * widget's contract test holds the two equal). `auto`: each visitor's browser languages decide.
 */
export const WIDGET_LANGUAGES = [
  'en',
  'tr',
  'de',
  'fr',
  'es',
  'it',
  'pt-BR',
  'nl',
  'pl',
  'ru',
  'uk',
  'ar',
  'ja',
] as const;
export const ZWidgetLanguage = z.enum(['auto', ...WIDGET_LANGUAGES]);

export const ZWebsiteConfig = z.object({
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default('#2563eb'),
  position: z.enum(['right', 'left']).default('right'),
  title: z.string().trim().max(80).default(''),
  greeting: z.string().trim().max(500).default(''),
  preChatForm: z
    .object({
      enabled: z.boolean().default(false),
      requireName: z.boolean().default(true),
      requireEmail: z.boolean().default(true),
      requirePhone: z.boolean().default(false),
    })
    .default({ enabled: false, requireName: true, requireEmail: true, requirePhone: false }),
  offlineForm: z.object({ enabled: z.boolean().default(true) }).default({ enabled: true }),
  invitations: z.array(ZInvitationRule).max(20).default([]),
  /** H1: a Call button in the widget; an unanswered call rings this long before it is missed. */
  calls: z
    .object({
      enabled: z.boolean().default(false),
      ringSeconds: z.number().int().min(10).max(120).default(45),
    })
    .default({ enabled: false, ringSeconds: 45 }),
  /** G7: how the widget asks for a rating when a chat ends. */
  ratingScale: z.enum(['thumbs', 'stars']).default('thumbs'),
  /** G5: the widget's language for every visitor (a language dropped later reads as auto). */
  language: ZWidgetLanguage.catch('auto').default('auto'),
});

export type WebsiteConfig = z.infer<typeof ZWebsiteConfig>;

/** Stored config merged over defaults; unknown or broken stored values fall back to defaults. */
export function readWebsiteConfig(stored: unknown): WebsiteConfig {
  const parsed = ZWebsiteConfig.safeParse(stored ?? {});
  return parsed.success ? parsed.data : ZWebsiteConfig.parse({});
}

/** An update changes only the fields it names (nested objects replace field by field). */
export const ZWebsiteConfigPatch = z.object({
  color: ZWebsiteConfig.shape.color.removeDefault().optional(),
  position: z.enum(['right', 'left']).optional(),
  title: z.string().trim().max(80).optional(),
  greeting: z.string().trim().max(500).optional(),
  preChatForm: z
    .object({
      enabled: z.boolean().optional(),
      requireName: z.boolean().optional(),
      requireEmail: z.boolean().optional(),
      requirePhone: z.boolean().optional(),
    })
    .optional(),
  offlineForm: z.object({ enabled: z.boolean().optional() }).optional(),
  invitations: z.array(ZInvitationRule).max(20).optional(),
  calls: z
    .object({
      enabled: z.boolean().optional(),
      ringSeconds: z.number().int().min(10).max(120).optional(),
    })
    .optional(),
  ratingScale: z.enum(['thumbs', 'stars']).optional(),
  language: ZWidgetLanguage.optional(),
});
export type WebsiteConfigPatch = z.infer<typeof ZWebsiteConfigPatch>;

export function applyConfigPatch(current: WebsiteConfig, patch: WebsiteConfigPatch): WebsiteConfig {
  return ZWebsiteConfig.parse({
    ...current,
    ...patch,
    preChatForm: { ...current.preChatForm, ...patch.preChatForm },
    offlineForm: { ...current.offlineForm, ...patch.offlineForm },
    calls: { ...current.calls, ...patch.calls },
  });
}
