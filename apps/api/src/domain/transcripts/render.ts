import { type TranscriptLocale, transcriptDateLocale, transcriptTranslator } from './strings';

export interface TranscriptLine {
  author: 'visitor' | 'agent' | 'system';
  name: string | null;
  body: string;
  at: Date;
  attachments: { name: string; url: string }[];
}

export interface TranscriptInput {
  site: string;
  locale: TranscriptLocale;
  startedAt: Date;
  lines: TranscriptLine[];
  /** When the attachment links stop working; null without attachments. */
  linksExpireAt: Date | null;
  /** IANA zone the times are written in; UTC by default (we do not know the visitor's). */
  timeZone?: string;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** A readable transcript as plain text and as simple HTML (inline styles: mail clients drop <style>). */
export function renderTranscript(input: TranscriptInput) {
  const t = transcriptTranslator(input.locale);
  const lang = transcriptDateLocale(input.locale);
  const timeZone = input.timeZone ?? 'UTC';
  const date = (d: Date) =>
    `${d.toLocaleString(lang, { dateStyle: 'long', timeStyle: 'short', timeZone })} (${timeZone})`;
  const time = (d: Date) => d.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', timeZone });
  const who = (l: TranscriptLine) =>
    l.author === 'visitor' ? t('you') : l.author === 'agent' ? (l.name ?? t('agent')) : t('system');

  const subject = t('subject', { site: input.site });
  const heading = t('heading', { site: input.site });
  const started = t('started', { date: date(input.startedAt) });
  const expires = input.linksExpireAt ? t('linksExpire', { date: date(input.linksExpireAt) }) : null;

  const text = [
    heading,
    started,
    '',
    ...input.lines.flatMap((l) => [
      `[${time(l.at)}] ${who(l)}: ${l.body}`,
      ...l.attachments.map((a) => `    ${t('attachment')}: ${a.name} <${a.url}>`),
    ]),
    '',
    ...(expires ? [expires] : []),
    t('footer'),
    '',
  ].join('\n');

  const rows = input.lines
    .map((l) => {
      const files = l.attachments
        .map(
          (a) =>
            `<div>${escapeHtml(t('attachment'))}: <a href="${escapeHtml(a.url)}">${escapeHtml(a.name)}</a></div>`,
        )
        .join('');
      const style = l.author === 'system' ? 'color:#555;font-style:italic' : '';
      return `<tr><td style="vertical-align:top;color:#555;padding:4px 8px 4px 0;white-space:nowrap">${escapeHtml(time(l.at))}</td><td style="vertical-align:top;padding:4px 8px 4px 0;font-weight:bold;white-space:nowrap">${escapeHtml(who(l))}</td><td style="vertical-align:top;padding:4px 0;${style}">${escapeHtml(l.body).replace(/\n/g, '<br>')}${files}</td></tr>`;
    })
    .join('\n');
  const html = `<!doctype html>
<html lang="${input.locale}"${input.locale === 'ar' ? ' dir="rtl"' : ''}><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111;line-height:1.4">
<h1 style="font-size:18px">${escapeHtml(heading)}</h1>
<p style="color:#555">${escapeHtml(started)}</p>
<table role="presentation" style="border-collapse:collapse">
${rows}
</table>
${expires ? `<p style="color:#555">${escapeHtml(expires)}</p>` : ''}
<p style="color:#555;font-size:12px">${escapeHtml(t('footer'))}</p>
</body></html>
`;
  return { subject, text, html };
}
