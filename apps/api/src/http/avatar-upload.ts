import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from '../context';
import { AVATAR_MAX_BYTES, removeAvatar, setAvatar } from '../domain/account';
import { avatarUrl } from '../domain/users';
import { AppError } from '../errors';
import { answeringErrors, readBody, sendJson } from './respond';

/** POST /uploads/avatar (raw image body) and DELETE /uploads/avatar, with the session cookie. */
export const handleAvatarUpload = answeringErrors(
  async (req: IncomingMessage, res: ServerResponse, ctx: Context) => {
    const auth = await ctx.authenticate();
    if (!auth) throw new AppError('unauthorized', 'auth.required', 'Log in first');
    const actor = {
      accountId: auth.user.accountId,
      userId: auth.user.id,
      sessionId: auth.sessionId,
      ip: ctx.client.ip,
    };
    if (req.method === 'DELETE') {
      await removeAvatar(ctx.deps.db, ctx.deps.files, actor);
      return sendJson(res, 200, { avatarUrl: null });
    }
    if (req.method !== 'POST')
      return sendJson(res, 405, { error: { appCode: 'method', message: 'Use POST' } });
    const body = await readBody(req, AVATAR_MAX_BYTES);
    if (!body) {
      return sendJson(res, 413, {
        error: { appCode: 'avatar.too_large', message: 'The image is over 5 MB' },
      });
    }
    const key = await setAvatar(ctx.deps.db, ctx.deps.files, actor, body);
    return sendJson(res, 200, { avatarUrl: avatarUrl(key) });
  },
);
