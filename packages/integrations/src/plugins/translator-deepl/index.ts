import { definePlugin, httpUrl, PLUGIN_API_VERSION } from '@parley/plugin-sdk';
import { z } from 'zod';
import { jsonOrThrow, trimSlash } from '../util.js';

const FREE = 'https://api-free.deepl.com';
const PRO = 'https://api.deepl.com';

const configSchema = z.object({
  authKey: z.string().min(1).meta({ secret: true, title: 'Authentication key' }),
  plan: z.enum(['free', 'pro']).default('free').meta({ title: 'Plan' }),
  /** Overrides the plan's URL (tests, proxies). */
  baseUrl: httpUrl().optional().meta({ title: 'API URL (optional)' }),
});

type Config = z.output<typeof configSchema>;

function baseUrlOf(config: Config): string {
  return trimSlash(config.baseUrl ?? (config.plan === 'pro' ? PRO : FREE));
}

/** DeepL's target codes: EN and PT need a variant; everything upper case. */
function targetCode(lang: string): string {
  const code = lang.toUpperCase();
  if (code === 'EN') return 'EN-US';
  if (code === 'PT') return 'PT-BR';
  return code;
}

/** DeepL API v2. Detection uses translate's `detected_source_language` (DeepL has no detect call). */
export default definePlugin({
  name: 'translator-deepl',
  version: '1.0.0',
  apiVersion: PLUGIN_API_VERSION,
  displayName: 'DeepL',
  description: 'DeepL API (Free or Pro).',
  configSchema,
  urlFields: ['baseUrl'],
  allowedHosts: (config) => [new URL(baseUrlOf(config)).hostname],
  capabilities: ['translator'],
  setup(ctx) {
    const base = baseUrlOf(ctx.config);
    const headers = {
      authorization: `DeepL-Auth-Key ${ctx.config.authKey}`,
      'content-type': 'application/json',
      accept: 'application/json',
    };
    async function translate(text: string, to: string, from?: string) {
      const data = await jsonOrThrow<{ translations: { detected_source_language: string; text: string }[] }>(
        await ctx.fetch(`${base}/v2/translate`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            text: [text],
            target_lang: targetCode(to),
            ...(from ? { source_lang: from.toUpperCase().split('-')[0] } : {}),
          }),
        }),
        'DeepL translate',
      );
      const first = data.translations[0];
      if (!first) throw new Error('DeepL returned no translation');
      return first;
    }
    return {
      translator: {
        async detect(text) {
          const t = await translate(text, 'EN');
          return { language: t.detected_source_language.toLowerCase() };
        },
        async translate({ text, from, to }) {
          const t = await translate(text, to, from);
          return { text: t.text, detectedLanguage: t.detected_source_language.toLowerCase() };
        },
        async languages() {
          const list = await jsonOrThrow<{ language: string; name: string }[]>(
            await ctx.fetch(`${base}/v2/languages?type=target`, { headers }),
            'DeepL languages',
          );
          return list.map((l) => ({ code: l.language.toLowerCase(), name: l.name }));
        },
      },
    };
  },
});
