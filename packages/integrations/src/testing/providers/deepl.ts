import { type FakeServer, parseBody, sendJson, startServer } from './server.js';
import { FAKE_LANGUAGES, fakeDetect, fakeTranslate } from './translation-data.js';

/**
 * A DeepL API v2 server: POST /v2/translate (JSON `{ text: [...], target_lang, source_lang? }`) and
 * GET /v2/languages?type=source|target, authenticated with `Authorization: DeepL-Auth-Key <key>`
 * (403 otherwise), language codes upper case, `456` when `quotaExceeded`.
 */
export async function startFakeDeepL(options: {
  authKey: string;
}): Promise<FakeServer & { setQuotaExceeded(v: boolean): void }> {
  const state = { quotaExceeded: false };
  const server = await startServer((req, res) => {
    if (req.headers.authorization !== `DeepL-Auth-Key ${options.authKey}`) {
      return sendJson(res, 403, { message: 'Wrong endpoint. Use https://api.deepl.com' });
    }
    if (req.method === 'GET' && req.path === '/v2/languages') {
      const type = req.query.get('type') ?? 'source';
      return sendJson(
        res,
        200,
        FAKE_LANGUAGES.map((l) => ({
          language: type === 'target' && l.code === 'en' ? 'EN-US' : l.code.toUpperCase(),
          name: type === 'target' && l.code === 'en' ? 'English (American)' : l.name,
          ...(type === 'target' ? { supports_formality: l.code !== 'en' } : {}),
        })),
      );
    }
    if (req.method === 'POST' && req.path === '/v2/translate') {
      if (state.quotaExceeded) return sendJson(res, 456, { message: 'Quota exceeded' });
      const body = parseBody(req) as { text?: unknown; target_lang?: unknown; source_lang?: unknown };
      if (!Array.isArray(body.text) || typeof body.target_lang !== 'string') {
        return sendJson(res, 400, { message: "Value for 'target_lang' not supported." });
      }
      const target = body.target_lang.toLowerCase().split('-')[0] ?? '';
      return sendJson(res, 200, {
        translations: body.text.map((t: string) => ({
          detected_source_language:
            typeof body.source_lang === 'string' ? body.source_lang : fakeDetect(t).language.toUpperCase(),
          text: fakeTranslate(t, target),
        })),
      });
    }
    sendJson(res, 404, { message: 'Not found' });
  });
  return Object.assign(server, {
    setQuotaExceeded(v: boolean) {
      state.quotaExceeded = v;
    },
  });
}
