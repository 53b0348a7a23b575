import { definePlugin, httpUrl, PLUGIN_API_VERSION } from '@parley/plugin-sdk';
import { z } from 'zod';
import { jsonOrThrow, trimSlash } from '../util.js';

const configSchema = z.object({
  baseUrl: httpUrl().default('https://libretranslate.com').meta({ title: 'Server URL' }),
  apiKey: z.string().optional().meta({ secret: true, title: 'API key (if the server requires one)' }),
});

/** LibreTranslate (self-hosted or libretranslate.com): POST /translate, /detect; GET /languages. */
export default definePlugin({
  name: 'translator-libretranslate',
  version: '1.0.0',
  apiVersion: PLUGIN_API_VERSION,
  displayName: 'LibreTranslate',
  description: 'Open-source machine translation, self-hosted or libretranslate.com.',
  configSchema,
  urlFields: ['baseUrl'],
  capabilities: ['translator'],
  setup(ctx) {
    const base = trimSlash(ctx.config.baseUrl);
    const key = ctx.config.apiKey ? { api_key: ctx.config.apiKey } : {};
    const post = (path: string, body: object) =>
      ctx.fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ ...body, ...key }),
      });
    return {
      translator: {
        async detect(text) {
          const list = await jsonOrThrow<{ language: string; confidence: number }[]>(
            await post('/detect', { q: text }),
            'LibreTranslate detect',
          );
          const best = [...list].sort((a, b) => b.confidence - a.confidence)[0];
          // LibreTranslate's confidence is 0–100.
          return best ? { language: best.language, confidence: best.confidence / 100 } : { language: 'und' };
        },
        async translate({ text, from, to }) {
          const data = await jsonOrThrow<{ translatedText: string; detectedLanguage?: { language: string } }>(
            await post('/translate', { q: text, source: from ?? 'auto', target: to, format: 'text' }),
            'LibreTranslate translate',
          );
          return {
            text: data.translatedText,
            ...(data.detectedLanguage ? { detectedLanguage: data.detectedLanguage.language } : {}),
          };
        },
        async languages() {
          const url = new URL(`${base}/languages`);
          if (ctx.config.apiKey) url.searchParams.set('api_key', ctx.config.apiKey);
          const list = await jsonOrThrow<{ code: string; name: string }[]>(
            await ctx.fetch(url, { headers: { accept: 'application/json' } }),
            'LibreTranslate languages',
          );
          return list.map((l) => ({ code: l.code, name: l.name }));
        },
      },
    };
  },
});
