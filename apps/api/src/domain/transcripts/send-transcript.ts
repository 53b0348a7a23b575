import type { Db } from '@parley/db';
import { AppError, notFound } from '../../errors';
import { signFileLink } from '../../lib/file-links';
import type { Logger } from '../../logger';
import type { Mailer, MailMessage } from '../../mail/mailer';
import { nameAgentsForVisitor } from '../live-chat/agent-names';
import { loadMessages, toWidgetMessage } from '../live-chat/views';
import type { VisitorAuth } from '../live-chat/visitor-auth';
import { readWebsiteConfig } from '../live-chat/website-config';
import { recordHit } from '../rate-limit';
import { renderTranscript } from './render';
import type { TranscriptLocale } from './strings';

/** Transcripts per visitor per hour: enough to fix a typo in the address, too few to spam with. */
export const TRANSCRIPTS_PER_HOUR = 3;
/** Attachment links in a transcript live a week (a mail is read later than a console page). */
export const TRANSCRIPT_LINK_TTL_SECONDS = 7 * 24 * 60 * 60;
/** The longest conversation a transcript carries, in messages. */
const TRANSCRIPT_MAX_MESSAGES = 2000;

export interface TranscriptDeps {
  db: Db;
  mailer: Mailer | null;
  publicUrl: string;
  logger?: Logger;
  /** SMTP tries and the wait before the second (doubling after); tests shorten it. */
  retry?: { attempts: number; delayMs: number };
}

export const transcriptsAvailable = (deps: Pick<TranscriptDeps, 'mailer'>) => deps.mailer !== null;

const unavailable = () =>
  new AppError('bad_request', 'transcript.unavailable', 'Transcripts by email are not available here');

/** Sends through the mailer, trying again on failure (a busy or restarting SMTP server). */
export async function sendWithRetries(
  mailer: Mailer,
  message: MailMessage,
  retry: { attempts: number; delayMs: number } = { attempts: 3, delayMs: 1000 },
  logger?: Logger,
) {
  let delay = retry.delayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await mailer.send(message);
      return attempt;
    } catch (err) {
      if (attempt >= retry.attempts) throw err;
      logger?.warn({ err, attempt }, 'transcript mail failed; retrying');
      await new Promise((r) => setTimeout(r, delay));
      delay *= 2;
    }
  }
}

/**
 * G7: mails the visitor the transcript of one of THEIR conversations, to the address they gave
 * (typed, or their contact address), in the widget's language. Only the visitor's own chat: another
 * visitor's conversation id is "not found". Attachments are signed links that expire in a week.
 */
export async function sendTranscript(
  deps: TranscriptDeps,
  visitor: VisitorAuth,
  input: { conversationId: string; email?: string | null | undefined; locale: TranscriptLocale },
  now = Date.now(),
) {
  const { db } = deps;
  const c = await db.conversation.findFirst({
    where: {
      id: input.conversationId,
      accountId: visitor.accountId,
      visitorId: visitor.visitorId,
      kind: 'visitor',
    },
    include: { channel: { select: { name: true, config: true } } },
  });
  if (!c) throw notFound('Conversation');
  const mailer = deps.mailer;
  if (!mailer) throw unavailable();
  let to = input.email ?? null;
  if (!to) {
    const v = await db.visitor.findFirst({ where: { id: visitor.visitorId, accountId: visitor.accountId } });
    to = v?.email ?? null;
  }
  if (!to)
    throw new AppError('bad_request', 'transcript.email_required', 'Enter the address to send it to', {
      email: 'validation.required',
    });
  const count = await recordHit(db, {
    key: `transcript:${visitor.visitorId}`,
    max: TRANSCRIPTS_PER_HOUR,
    windowMs: 60 * 60_000,
  });
  if (count > TRANSCRIPTS_PER_HOUR)
    throw new AppError('rate_limited', 'transcript.rate_limited', 'Too many transcripts; try again later');

  const { rows } = await loadMessages(db, visitor.accountId, c.id, {
    limit: TRANSCRIPT_MAX_MESSAGES,
    forVisitor: true,
  });
  const messages = await nameAgentsForVisitor(db, visitor, rows.map(toWidgetMessage));
  const base = deps.publicUrl.replace(/\/$/, '');
  const link = (id: string) =>
    `${base}${signFileLink({ id, accountId: visitor.accountId }, now, TRANSCRIPT_LINK_TTL_SECONDS)}`;
  let hasFiles = false;
  const lines = messages.map((m) => {
    const attachments = (m.attachments ?? []).map((a) => ({ name: a.name, url: link(a.id) }));
    if (attachments.length) hasFiles = true;
    return {
      author: m.author,
      name: m.agent?.name ?? null,
      body: m.gif ? m.gif.url : m.body,
      at: new Date(m.createdAt),
      attachments,
    };
  });
  const config = readWebsiteConfig(c.channel?.config);
  const mail = renderTranscript({
    site: config.title || c.channel?.name || 'Parley',
    locale: input.locale,
    startedAt: c.startedAt,
    lines,
    linksExpireAt: hasFiles
      ? new Date(Math.ceil((now / 1000 + TRANSCRIPT_LINK_TTL_SECONDS) / 3600) * 3600 * 1000)
      : null,
  });
  try {
    await sendWithRetries(mailer, { to, ...mail }, deps.retry, deps.logger);
  } catch (err) {
    deps.logger?.error({ err }, 'transcript mail failed');
    throw new AppError(
      'unavailable',
      'transcript.send_failed',
      'The transcript could not be sent; try again later',
    );
  }
  return { ok: true as const, to };
}
