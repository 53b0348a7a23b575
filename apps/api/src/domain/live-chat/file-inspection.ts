import path from 'node:path';
import { AppError } from '../../errors';
import { stripBidiControls } from '../../lib/text';
import { INLINE_IMAGE_TYPES } from './views';

/** C11: what a file really is, decided from its bytes; the sender's name and type are not trusted. */

/**
 * Types we accept, as sniffed from the content by file-type. Executables, scripts, HTML and SVG are
 * not here: a browser could run them. Content with no magic number is accepted only as plain text.
 */
export const ALLOWED_TYPES = new Set([
  ...INLINE_IMAGE_TYPES,
  'application/pdf',
  'application/zip',
  'application/gzip',
  'application/x-7z-compressed',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
  'audio/x-m4a',
  'video/mp4',
  'video/webm',
  'video/quicktime',
]);
const TEXT_EXTENSIONS = new Set(['txt', 'csv', 'log', 'md', 'json']);

export interface InspectedFile {
  mimeType: string;
  name: string;
  width: number | null;
  height: number | null;
}

const notAllowed = (what: string) =>
  new AppError('bad_request', 'file.type_not_allowed', `This type of file (${what}) cannot be sent`);

function isPlainText(data: Buffer): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    // Control characters other than tab, newlines and form feed mean binary data.
    return !/[^\P{Cc}\t\n\r\f]/u.test(text);
  } catch {
    return false;
  }
}

/**
 * Text that a browser would render as a page or an image with scripts: HTML, SVG, XML. Stored as
 * text/plain it would be harmless here, but a recipient saving and opening it gets a web page;
 * the allow-list refuses them like executables (docs/live-chat.md).
 */
function isMarkup(text: string): boolean {
  const start = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 1024)
    .toLowerCase();
  return /^<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|svg[\s>]|\?xml[\s?]|script[\s>]|!--)/.test(start);
}

/**
 * A display name without paths, control or bidi characters (which could show `exe` as `pdf`),
 * whose extension matches the real type.
 */
export function safeFileName(given: string, ext: string): string {
  const base =
    stripBidiControls(path.basename(given.replace(/\\/g, '/')))
      .replace(/[\p{Cc}"]/gu, '')
      .trim()
      .slice(0, 180) || 'file';
  const current = path.extname(base).slice(1).toLowerCase();
  const same =
    current === ext ||
    (ext === 'jpg' && current === 'jpeg') ||
    (ext === 'txt' && TEXT_EXTENSIONS.has(current));
  return same ? base : `${base}.${ext}`;
}

/** Decides by content what a file is; refuses what is not on the allow-list. */
export async function inspectFile(data: Buffer, givenName: string, maxBytes: number): Promise<InspectedFile> {
  if (data.length === 0) throw new AppError('bad_request', 'file.empty', 'The file is empty');
  if (data.length > maxBytes) throw tooLarge(maxBytes);
  // Loaded on the first upload (like sharp below): an idle server does not hold them (docs: bench/RESULTS.md).
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = await fileTypeFromBuffer(data);
  if (!detected) {
    if (!isPlainText(data)) throw notAllowed('unknown');
    if (isMarkup(data.toString('utf8'))) throw notAllowed('html/svg');
    return { mimeType: 'text/plain', name: safeFileName(givenName, 'txt'), width: null, height: null };
  }
  if (!ALLOWED_TYPES.has(detected.mime)) throw notAllowed(detected.ext);
  let width: number | null = null;
  let height: number | null = null;
  if (INLINE_IMAGE_TYPES.has(detected.mime)) {
    try {
      const { default: sharp } = await import('sharp');
      const meta = await sharp(data).metadata();
      width = meta.width ?? null;
      height = meta.height ?? null;
    } catch {
      throw new AppError('bad_request', 'file.broken_image', 'The image could not be read');
    }
  }
  return { mimeType: detected.mime, name: safeFileName(givenName, detected.ext), width, height };
}

export const tooLarge = (maxBytes: number) =>
  new AppError(
    'bad_request',
    'file.too_large',
    `The file is over ${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB`,
  );
