import type { InboundMessageEvent } from '@parley/plugin-sdk';
import type { ParsedMail } from 'mailparser';

/**
 * mailparser and sanitize-html load with the first mail (together ~40 MB of memory): a server
 * without an email channel never holds them.
 */
async function mailLibraries() {
  const [{ simpleParser }, { default: sanitizeHtml }] = await Promise.all([
    import('mailparser'),
    import('sanitize-html'),
  ]);
  const safe: import('sanitize-html').IOptions = {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img'],
    allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['https', 'data'] },
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
    },
  };
  return {
    simpleParser,
    /** Email HTML made safe to render in the console: no scripts, styles, event handlers, forms. */
    sanitizeEmailHtml: (html: string) => sanitizeHtml(html, safe),
    textOf: (html: string) => sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }),
  };
}

/** Email HTML made safe to render in the console: no scripts, styles, event handlers, forms. */
export async function sanitizeEmailHtml(html: string): Promise<string> {
  return (await mailLibraries()).sanitizeEmailHtml(html);
}

/** Drop the quoted history of a reply ("On … wrote:" and `>` lines) so the chat shows what is new. */
export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const next = lines[i + 1] ?? '';
    if (/^On .+wrote:\s*$/.test(line) || (/^On .+/.test(line) && /wrote:\s*$/.test(next))) break;
    if (/^-{2,}\s*Original Message\s*-{2,}/i.test(line) || /^_{10,}$/.test(line)) break;
    if (/^\s*>/.test(line)) continue;
    out.push(line);
  }
  return out.join('\n').trim() || text.trim();
}

function addressOf(mail: ParsedMail): { address: string; name?: string } | undefined {
  const first = mail.from?.value[0];
  if (!first?.address) return undefined;
  return { address: first.address.toLowerCase(), ...(first.name ? { name: first.name } : {}) };
}

function asList(value: string | string[] | undefined): string[] {
  if (!value) return [];
  return Array.isArray(value) ? value : value.split(/\s+/).filter(Boolean);
}

/**
 * RFC 5322 §4.5.3 (obsolete syntax, which readers must accept): white space may sit between a field
 * name and its colon (`From  : John Doe <jdoe@machine.example>`). mailparser does not read such
 * fields (a `From ` line even looks like an mbox separator to it), so the header block is tidied
 * first; the body is left byte for byte.
 */
export function normalizeObsoleteHeaders(raw: Buffer | string): Buffer {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
  const headEnd = end < 0 ? bytes.length : end;
  // latin1 maps bytes 1:1, so raw 8-bit header bytes survive the round trip.
  const head = bytes.subarray(0, headEnd).toString('latin1');
  const tidy = head.replace(/^([!-9;-~]+)[ \t]+:/gm, '$1:');
  if (tidy === head) return bytes;
  return Buffer.concat([Buffer.from(tidy, 'latin1'), bytes.subarray(headEnd)]);
}

/** A raw RFC 5322 message → an inbound event, threading headers kept. */
export async function parseEmail(raw: Buffer | string): Promise<InboundMessageEvent | undefined> {
  const { simpleParser, sanitizeEmailHtml, textOf } = await mailLibraries();
  const mail = await simpleParser(normalizeObsoleteHeaders(raw));
  const from = addressOf(mail);
  if (!from) return undefined;
  const references = asList(mail.references);
  const messageId = mail.messageId ?? `<no-id-${mail.date?.getTime() ?? Date.now()}-${from.address}>`;
  const text = mail.text ?? (mail.html ? textOf(mail.html) : '');
  return {
    type: 'message',
    externalMessageId: messageId,
    contact: { externalId: from.address, email: from.address, ...(from.name ? { name: from.name } : {}) },
    // The thread is named by its first message: References' first id, else In-Reply-To, else this one.
    threadId: references[0] ?? mail.inReplyTo ?? messageId,
    text: stripQuotedReply(text),
    ...(mail.html ? { html: sanitizeEmailHtml(mail.html) } : {}),
    attachments: mail.attachments.map((a, i) => ({
      fileName: a.filename ?? `attachment-${i + 1}`,
      mimeType: a.contentType,
      data: a.content,
    })),
    sentAt: mail.date ?? new Date(),
    ...(mail.inReplyTo ? { replyToExternalId: mail.inReplyTo } : {}),
    ...(references.length ? { references } : {}),
    ...(mail.subject ? { subject: mail.subject } : {}),
  };
}

export function isAutoReply(raw: string): boolean {
  const end = raw.search(/\r?\n\r?\n/);
  const head = end < 0 ? raw : raw.slice(0, end);
  return /^auto-submitted:\s*auto-/im.test(head) || /^precedence:\s*(bulk|junk|list)/im.test(head);
}
