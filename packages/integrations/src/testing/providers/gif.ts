import { type FakeServer, sendJson, startServer } from './server.js';

const CATALOGUE = Array.from({ length: 30 }, (_, i) => ({
  id: `gif${i + 1}`,
  title: `Cat ${i + 1}`,
  w: 480,
  h: 270 + i,
}));

/**
 * Giphy's search API: GET /v1/gifs/search?api_key&q&limit&offset&rating&lang, answering
 * `{ data: [{ type, id, url, title, images: { original, fixed_width, ... } }], pagination, meta }`
 * (sizes are strings, as Giphy sends them); 401 on a bad key.
 */
export async function startFakeGiphy(options: { apiKey: string }): Promise<FakeServer> {
  return startServer((req, res) => {
    if (req.path !== '/v1/gifs/search')
      return sendJson(res, 404, { meta: { status: 404, msg: 'Not Found' } });
    if (req.query.get('api_key') !== options.apiKey) {
      return sendJson(res, 401, { meta: { status: 401, msg: 'Unauthorized', response_id: '' } });
    }
    const limit = Math.min(50, Number(req.query.get('limit') ?? 25));
    const offset = Number(req.query.get('offset') ?? 0);
    const q = req.query.get('q') ?? '';
    const matches = q ? CATALOGUE : [];
    const page = matches.slice(offset, offset + limit);
    const base = `https://media.giphy.com/media`;
    sendJson(res, 200, {
      data: page.map((g) => ({
        type: 'gif',
        id: g.id,
        url: `https://giphy.com/gifs/${g.id}`,
        slug: `cat-${g.id}`,
        rating: req.query.get('rating') ?? 'g',
        title: `${g.title} GIF`,
        images: {
          original: {
            url: `${base}/${g.id}/giphy.gif`,
            width: String(g.w),
            height: String(g.h),
            mp4: `${base}/${g.id}/giphy.mp4`,
            webp: `${base}/${g.id}/giphy.webp`,
          },
          fixed_width: {
            url: `${base}/${g.id}/200w.gif`,
            width: '200',
            height: String(Math.round((g.h * 200) / g.w)),
          },
          fixed_width_small: { url: `${base}/${g.id}/100w.gif`, width: '100', height: '56' },
        },
      })),
      pagination: { total_count: matches.length, count: page.length, offset },
      meta: { status: 200, msg: 'OK', response_id: 'fake' },
    });
  });
}

/**
 * Tenor API v2: GET /v2/search?key&q&limit&pos&client_key&locale&contentfilter&media_filter,
 * answering `{ results: [{ id, title, content_description, media_formats: { gif, tinygif: { url, dims } } }], next }`;
 * 400 INVALID_ARGUMENT on a bad key.
 */
export async function startFakeTenor(options: { apiKey: string }): Promise<FakeServer> {
  return startServer((req, res) => {
    if (req.path !== '/v2/search') return sendJson(res, 404, { error: { code: 404, message: 'Not Found' } });
    if (req.query.get('key') !== options.apiKey) {
      return sendJson(res, 400, {
        error: {
          code: 400,
          message: 'API key not valid. Please pass a valid API key.',
          status: 'INVALID_ARGUMENT',
        },
      });
    }
    const limit = Math.min(50, Number(req.query.get('limit') ?? 20));
    const pos = Number(req.query.get('pos') || 0);
    const page = CATALOGUE.slice(pos, pos + limit);
    const base = 'https://media.tenor.com';
    sendJson(res, 200, {
      results: page.map((g) => ({
        id: g.id,
        title: '',
        content_description: `${g.title} GIF`,
        itemurl: `https://tenor.com/view/${g.id}`,
        url: `https://tenor.com/${g.id}.gif`,
        tags: ['cat'],
        created: 1700000000.5,
        media_formats: {
          gif: { url: `${base}/${g.id}/AAAAC/cat.gif`, dims: [g.w, g.h], duration: 1.2, size: 100000 },
          tinygif: {
            url: `${base}/${g.id}/AAAAM/cat.gif`,
            dims: [220, Math.round((g.h * 220) / g.w)],
            size: 20000,
          },
          mp4: { url: `${base}/${g.id}/AAAPo/cat.mp4`, dims: [g.w, g.h], size: 50000 },
        },
      })),
      next: pos + limit < CATALOGUE.length ? String(pos + limit) : '',
    });
  });
}
