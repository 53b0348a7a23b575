import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Context } from '../context';
import type { Deps } from '../deps';
import { findAttachment, sendAgentFile, sendVisitorFile } from '../domain/live-chat/attachments';
import { tooLarge } from '../domain/live-chat/file-inspection';
import { INLINE_IMAGE_TYPES } from '../domain/live-chat/views';
import { AppError } from '../errors';
import { verifyFileLink } from '../lib/file-links';
import { mediaDeps } from '../lib/handler-deps';
import { ZId } from '../lib/schemas';
import { ZClientId } from '../lib/text';
import { isAllowedOrigin } from './origin';
import { answeringErrors, readBody, sendError, sendJson } from './respond';

const ZUpload = z.object({
  conversationId: ZId.optional(),
  clientId: ZClientId,
  name: z.string().max(500).default('file'),
});

/**
 * POST /uploads/file?clientId=…&name=…[&conversationId=…] with the raw file as the body (C11).
 * The widget sends its visitor token in `x-parley-visitor`; the console sends its session cookie and
 * the conversation. The answer is the stored message, which also reaches everyone live.
 */
export const handleFileUpload = answeringErrors(uploadFile);

async function uploadFile(req: IncomingMessage, res: ServerResponse, ctx: Context) {
  if (req.method !== 'POST') return sendJson(res, 405, { error: { appCode: 'method', message: 'Use POST' } });
  // The cookie rides along on cross-site requests too: only our own pages may upload with it.
  if (!isAllowedOrigin(req, ctx.deps.config.publicUrl))
    return sendError(res, new AppError('forbidden', 'forbidden', 'Cross-site upload refused'));
  const query = ZUpload.safeParse(Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams));
  if (!query.success) throw new AppError('bad_request', 'validation.invalid', 'Missing or bad upload fields');
  const deps = mediaDeps(ctx.deps);
  const asVisitor = typeof req.headers['x-parley-visitor'] === 'string';
  const visitor = asVisitor ? await ctx.authenticateVisitor() : null;
  const session = asVisitor ? null : await ctx.authenticate();
  const conversationId = query.data.conversationId;
  if (!visitor && !session) throw new AppError('unauthorized', 'auth.required', 'Log in first');
  if (session && !conversationId)
    throw new AppError('bad_request', 'validation.invalid', 'Which conversation?');
  const data = await readBody(req, deps.uploadMaxBytes);
  if (!data) {
    const err = tooLarge(deps.uploadMaxBytes);
    return sendJson(res, 413, { error: { appCode: err.code, message: err.message } });
  }
  const file = { name: query.data.name, clientId: query.data.clientId, data };
  const message = visitor
    ? await sendVisitorFile(deps, visitor, file, ctx.client)
    : session && conversationId
      ? await sendAgentFile(
          deps,
          { accountId: session.user.accountId, userId: session.user.id },
          conversationId,
          file,
        )
      : null;
  return sendJson(res, 200, message);
}

/** RFC 6266 / 5987: an ASCII fallback and the exact UTF-8 name. */
function disposition(type: 'inline' | 'attachment', name: string) {
  const ascii = name.replace(/[^\x20-\x7E]|["\\%]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** GET /files/<id>?e=…&s=…: only with a valid, unexpired signed link (lib/file-links.ts). */
export const handleFileDownload = answeringErrors(downloadFile);

async function downloadFile(req: IncomingMessage, res: ServerResponse, deps: Deps) {
  const url = new URL(req.url ?? '/', 'http://x');
  const id = url.pathname.slice('/files/'.length);
  const attachment = /^[\w-]{1,100}$/.test(id) ? await findAttachment(deps.db, id) : null;
  // An unknown id answers like a bad signature, so links cannot be used to probe for ids.
  const check = attachment
    ? verifyFileLink(attachment, url.searchParams.get('e'), url.searchParams.get('s'))
    : 'invalid';
  if (!attachment || check !== 'ok') {
    return check === 'expired'
      ? sendJson(res, 403, { error: { appCode: 'file.link_expired', message: 'This link has expired' } })
      : sendJson(res, 403, { error: { appCode: 'file.link_invalid', message: 'This link is not valid' } });
  }
  const data = await deps.files.get(attachment.storageKey);
  if (!data) return sendJson(res, 404, { error: { appCode: 'not_found', message: 'File not found' } });
  const inline = INLINE_IMAGE_TYPES.has(attachment.mimeType);
  const expiresIn = Math.max(0, Number(url.searchParams.get('e')) - Math.floor(Date.now() / 1000));
  res.writeHead(200, {
    'content-type': attachment.mimeType === 'text/plain' ? 'text/plain; charset=utf-8' : attachment.mimeType,
    'content-length': data.length,
    'content-disposition': disposition(inline ? 'inline' : 'attachment', attachment.fileName),
    'x-content-type-options': 'nosniff',
    // Even if a browser were talked into rendering it, the file gets no scripts and no origin.
    'content-security-policy': "default-src 'none'; img-src 'self'; sandbox",
    'cross-origin-resource-policy': 'same-site',
    'cache-control': `private, max-age=${Math.min(expiresIn, 86_400)}`,
    'referrer-policy': 'no-referrer',
  });
  res.end(req.method === 'HEAD' ? undefined : data);
}
