import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { inspectFile, safeFileName } from './file-inspection';

const MB = 1024 * 1024;

describe('inspectFile (C11)', () => {
  it('reads an image by its bytes, with its size, whatever its name says', async () => {
    const webp = await sharp({ create: { width: 12, height: 7, channels: 3, background: '#000' } })
      .webp()
      .toBuffer();
    expect(await inspectFile(webp, 'photo.jpg', MB)).toEqual({
      mimeType: 'image/webp',
      name: 'photo.jpg.webp',
      width: 12,
      height: 7,
    });
  });

  it('accepts UTF-8 text, and refuses binary data without a known type', async () => {
    expect(await inspectFile(Buffer.from('Merhaba dünya\n'), 'note.md', MB)).toMatchObject({
      mimeType: 'text/plain',
      name: 'note.md',
    });
    expect(await inspectFile(Buffer.from('a,b\n1,2'), 'page.html', MB)).toMatchObject({
      name: 'page.html.txt',
    });
    await expect(inspectFile(Buffer.from([0, 159, 146, 150, 1, 2]), 'x.txt', MB)).rejects.toMatchObject({
      code: 'file.type_not_allowed',
    });
  });

  it('refuses HTML, SVG and XML however they are named (as docs/live-chat.md says)', async () => {
    for (const [body, name] of [
      ['<!DOCTYPE html><html><script>alert(1)</script></html>', 'page.html'],
      ['\uFEFF  <html><body onload="alert(1)"></body></html>', 'notes.txt'],
      ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'logo.svg'],
      ['<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', 'logo.png'],
      ['<!-- hidden --><script>alert(1)</script>', 'x.md'],
    ])
      await expect(inspectFile(Buffer.from(body as string), name as string, MB), name).rejects.toMatchObject({
        code: 'file.type_not_allowed',
      });
    // Text that merely mentions tags is text.
    expect(await inspectFile(Buffer.from('Use <b> for bold.'), 'tip.txt', MB)).toMatchObject({
      mimeType: 'text/plain',
    });
  });

  it('refuses Windows and Linux programs disguised as images', async () => {
    const exe = Buffer.concat([Buffer.from('4d5a90000300000004000000ffff', 'hex'), Buffer.alloc(64)]);
    await expect(inspectFile(exe, 'cat.png', MB)).rejects.toMatchObject({
      code: 'file.type_not_allowed',
      message: expect.stringContaining('exe'),
    });
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(64)]);
    await expect(inspectFile(elf, 'cat.png', MB)).rejects.toMatchObject({ code: 'file.type_not_allowed' });
  });

  it('refuses empty, oversized and broken images', async () => {
    await expect(inspectFile(Buffer.alloc(0), 'a.txt', MB)).rejects.toMatchObject({ code: 'file.empty' });
    await expect(inspectFile(Buffer.alloc(11, 65), 'a.txt', 10)).rejects.toMatchObject({
      code: 'file.too_large',
    });
    const truncated = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await expect(inspectFile(truncated, 'a.png', MB)).rejects.toMatchObject({ code: 'file.broken_image' });
  });
});

describe('safeFileName', () => {
  it('drops paths, control characters and quotes', () => {
    expect(safeFileName('..\\..\\windows\\evil".png', 'png')).toBe('evil.png');
    expect(safeFileName('/etc/pass\u0000wd.txt', 'txt')).toBe('passwd.txt');
    expect(safeFileName('   ', 'pdf')).toBe('file.pdf');
    expect(safeFileName('Photo.JPEG', 'jpg')).toBe('Photo.JPEG');
  });
  it('drops bidi controls, so a right-to-left override cannot disguise the extension', () => {
    expect(safeFileName('invoice_\u202Efdp.exe', 'pdf')).toBe('invoice_fdp.exe.pdf');
    expect(safeFileName('\u2067رسالة\u2069.txt', 'txt')).toBe('رسالة.txt');
  });
});
