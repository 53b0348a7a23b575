import { describe, expect, it } from 'vitest';
import { WIDGET_LANGUAGES } from '../live-chat/website-config';
import { renderTranscript } from './render';
import { transcriptStrings } from './strings';

const at = new Date('2026-03-01T09:05:00Z');
const lines = [
  {
    author: 'visitor' as const,
    name: null,
    body: '<script>alert(1)</script>\nsecond line',
    at,
    attachments: [],
  },
  {
    author: 'agent' as const,
    name: 'Ayşe',
    body: 'Here is the invoice',
    at,
    attachments: [{ name: 'invoice "1".pdf', url: 'https://chat.shop.test/files/a1?e=1&s=x' }],
  },
  { author: 'system' as const, name: null, body: 'Ayşe left; the chat has ended', at, attachments: [] },
];

describe('renderTranscript', () => {
  it('writes plain text and escaped HTML with the attachment links', () => {
    const mail = renderTranscript({
      site: 'Shop & Co',
      locale: 'en',
      startedAt: at,
      lines,
      linksExpireAt: new Date('2026-03-08T10:00:00Z'),
    });
    expect(mail.subject).toBe('Your chat with Shop & Co');
    expect(mail.text).toContain('[09:05] You: <script>alert(1)</script>');
    expect(mail.text).toContain('    Attachment: invoice "1".pdf <https://chat.shop.test/files/a1?e=1&s=x>');
    expect(mail.text).toContain('File links work until 8 March 2026');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;<br>second line');
    expect(mail.html).toContain(
      '<a href="https://chat.shop.test/files/a1?e=1&amp;s=x">invoice &quot;1&quot;.pdf</a>',
    );
    expect(mail.html).toContain('Shop &amp; Co');
  });

  it('speaks Turkish, and says nothing of links when there are no files', () => {
    const mail = renderTranscript({
      site: 'Dükkan',
      locale: 'tr',
      startedAt: at,
      lines: lines.slice(0, 1),
      linksExpireAt: null,
    });
    expect(mail.subject).toBe('Dükkan ile sohbetiniz');
    expect(mail.text).toContain('Siz: <script>');
    expect(mail.text).toContain('Mart 2026');
    expect(mail.text).not.toContain('bağlantıları');
    expect(mail.html).toContain('<html lang="tr">');
  });

  it('has every string in both languages with the same placeholders', () => {
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(transcriptStrings.en) as (keyof typeof transcriptStrings.en)[])
      expect(holes(transcriptStrings.tr[key]), key).toEqual(holes(transcriptStrings.en[key]));
  });

  it('speaks every language the widget does: German in its words and dates, Arabic right to left', () => {
    expect(Object.keys(transcriptStrings).sort()).toEqual([...WIDGET_LANGUAGES].sort());
    for (const table of Object.values(transcriptStrings))
      for (const [key, text] of Object.entries(table))
        expect(text.match(/\{\w+\}/g) ?? [], key).toEqual(
          transcriptStrings.en[key as 'subject'].match(/\{\w+\}/g) ?? [],
        );
    const input = { site: 'Shop', startedAt: at, lines, linksExpireAt: new Date('2026-03-08T10:00:00Z') };
    const de = renderTranscript({ ...input, locale: 'de' });
    expect(de.subject).toBe('Ihr Chat mit Shop');
    expect(de.text).toContain('8. März 2026');
    expect(de.text).toContain('Sie: <script>');
    const ar = renderTranscript({ ...input, locale: 'ar' });
    expect(ar.subject).toBe('محادثتك مع Shop');
    expect(ar.html).toContain('<html lang="ar" dir="rtl">');
  });
});
