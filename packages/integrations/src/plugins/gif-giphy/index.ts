import { definePlugin, httpUrl, PLUGIN_API_VERSION } from '@parley/plugin-sdk';
import { z } from 'zod';
import { jsonOrThrow, trimSlash } from '../util.js';

const configSchema = z.object({
  apiKey: z.string().min(1).meta({ secret: true, title: 'API key' }),
  rating: z.enum(['g', 'pg', 'pg-13', 'r']).default('g').meta({ title: 'Content rating' }),
  baseUrl: httpUrl().default('https://api.giphy.com').meta({ title: 'API URL' }),
});

interface GiphyImage {
  url: string;
  width: string;
  height: string;
}
interface GiphySearch {
  data: {
    id: string;
    title: string;
    images: { original: GiphyImage; fixed_width?: GiphyImage; fixed_width_small?: GiphyImage };
  }[];
  pagination: { total_count: number; count: number; offset: number };
}

/** Giphy search: GET /v1/gifs/search?api_key&q&limit&offset&rating&lang. */
export default definePlugin({
  name: 'gif-giphy',
  version: '1.0.0',
  apiVersion: PLUGIN_API_VERSION,
  displayName: 'GIPHY',
  configSchema,
  urlFields: ['baseUrl'],
  capabilities: ['gif'],
  setup(ctx) {
    const base = trimSlash(ctx.config.baseUrl);
    return {
      gif: {
        async search({ query, limit, offset = 0, locale }) {
          const url = new URL(`${base}/v1/gifs/search`);
          url.search = new URLSearchParams({
            api_key: ctx.config.apiKey,
            q: query,
            limit: String(Math.min(50, Math.max(1, limit))),
            offset: String(offset),
            rating: ctx.config.rating,
            ...(locale ? { lang: locale.split(/[-_]/)[0] ?? 'en' } : {}),
          }).toString();
          const data = await jsonOrThrow<GiphySearch>(await ctx.fetch(url), 'Giphy search');
          const items = data.data.map((g) => {
            const preview = g.images.fixed_width ?? g.images.fixed_width_small ?? g.images.original;
            return {
              id: g.id,
              url: g.images.original.url,
              previewUrl: preview.url,
              width: Number(g.images.original.width),
              height: Number(g.images.original.height),
              title: g.title,
            };
          });
          const nextOffset = data.pagination.offset + data.pagination.count;
          return {
            items,
            ...(nextOffset < data.pagination.total_count ? { next: String(nextOffset) } : {}),
          };
        },
      },
    };
  },
});
