import { type FakeServer, parseBody, sendJson, startServer } from './server.js';
import { FAKE_LANGUAGES, fakeDetect, fakeTranslate } from './translation-data.js';

/**
 * A LibreTranslate server (POST /translate, POST /detect, GET /languages) with its documented
 * payloads: JSON or form bodies, `api_key` in the body when the server requires keys, errors as
 * `{ "error": "..." }` with 400/403/429.
 */
export async function startFakeLibreTranslate(options: { apiKey?: string } = {}): Promise<FakeServer> {
  return startServer((req, res) => {
    const body = req.method === 'POST' ? parseBody(req) : Object.fromEntries(req.query);
    if (options.apiKey && body.api_key !== options.apiKey) {
      return sendJson(res, 403, { error: 'Invalid API key' });
    }
    if (req.method === 'GET' && req.path === '/languages') {
      const codes = FAKE_LANGUAGES.map((l) => l.code);
      return sendJson(
        res,
        200,
        FAKE_LANGUAGES.map((l) => ({ ...l, targets: codes.filter((c) => c !== l.code) })),
      );
    }
    if (req.method === 'POST' && req.path === '/detect') {
      if (typeof body.q !== 'string')
        return sendJson(res, 400, { error: 'Invalid request: missing q parameter' });
      return sendJson(res, 200, [fakeDetect(body.q)]);
    }
    if (req.method === 'POST' && req.path === '/translate') {
      const { q, source, target } = body as Record<string, string | undefined>;
      if (typeof q !== 'string') return sendJson(res, 400, { error: 'Invalid request: missing q parameter' });
      if (!target || !FAKE_LANGUAGES.some((l) => l.code === target)) {
        return sendJson(res, 400, { error: `${target} is not supported` });
      }
      const translatedText = fakeTranslate(q, target);
      return sendJson(
        res,
        200,
        !source || source === 'auto'
          ? { translatedText, detectedLanguage: fakeDetect(q) }
          : { translatedText },
      );
    }
    sendJson(res, 404, { error: 'Not Found' });
  });
}
