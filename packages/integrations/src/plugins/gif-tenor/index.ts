import { definePlugin, httpUrl, PLUGIN_API_VERSION } from '@parley/plugin-sdk';
import { z } from 'zod';
import { jsonOrThrow, trimSlash } from '../util.js';

const configSchema = z.object({
  apiKey: z.string().min(1).meta({ secret: true, title: 'API key' }),
  clientKey: z.string().default('parley').meta({ title: 'Client key' }),
  contentFilter: z.enum(['off', 'low', 'medium', 'high']).default('medium').meta({ title: 'Content filter' }),
  baseUrl: httpUrl().default('https://tenor.googleapis.com').meta({ title: 'API URL' }),
});

interface TenorMedia {
  url: string;
  dims: [number, number];
}
interface TenorSearch {
  results: {
    id: string;
    title: string;
    content_description: string;
    media_formats: { gif?: TenorMedia; tinygif?: TenorMedia; mediumgif?: TenorMedia };
  }[];
  next: string;
}

/** Tenor API v2 search: GET /v2/search?key&q&limit&pos&client_key&locale&contentfilter&media_filter. */
export default definePlugin({
  name: 'gif-tenor',
  version: '1.0.0',
  apiVersion: PLUGIN_API_VERSION,
  displayName: 'Tenor',
  configSchema,
  urlFields: ['baseUrl'],
  capabilities: ['gif'],
  setup(ctx) {
    const base = trimSlash(ctx.config.baseUrl);
    return {
      gif: {
        async search({ query, limit, offset, cursor, locale }) {
          const url = new URL(`${base}/v2/search`);
          url.search = new URLSearchParams({
            key: ctx.config.apiKey,
            client_key: ctx.config.clientKey,
            q: query,
            limit: String(Math.min(50, Math.max(1, limit))),
            contentfilter: ctx.config.contentFilter,
            media_filter: 'gif,tinygif',
            ...(cursor || offset ? { pos: cursor ?? String(offset) } : {}),
            ...(locale ? { locale: locale.replace('-', '_') } : {}),
          }).toString();
          const data = await jsonOrThrow<TenorSearch>(await ctx.fetch(url), 'Tenor search');
          const items = data.results.flatMap((r) => {
            const full = r.media_formats.gif ?? r.media_formats.mediumgif;
            if (!full) return [];
            const preview = r.media_formats.tinygif ?? full;
            return [
              {
                id: r.id,
                url: full.url,
                previewUrl: preview.url,
                width: full.dims[0],
                height: full.dims[1],
                title: r.title || r.content_description,
              },
            ];
          });
          return { items, ...(data.next ? { next: data.next } : {}) };
        },
      },
    };
  },
});
