import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3FileStore } from '../src/lib/s3-file-store';
import { type RunningServer, startServer } from '../src/server';
import { startFakeS3 } from './fake-s3';
import {
  appCodeOf,
  callerFor,
  createTestDeps,
  errorOf,
  recordBus,
  seedAccount,
  type TestDeps,
  uploadFile,
  visitorCaller,
  waitFor,
} from './harness';

let deps: TestDeps;
let server: RunningServer;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let globex: Awaited<ReturnType<typeof seedAccount>>;
let channelKey: string;
let png: Buffer;

interface Attachment {
  id: string;
  name: string;
  mimeType: string;
  size: number;
  image: boolean;
  width: number | null;
  height: number | null;
  url: string;
}
interface FileMessage {
  id: string;
  conversationId: string;
  kind?: string;
  body: string;
  attachments?: Attachment[];
}

/** A visitor who wrote once; the owner of Acme took the chat. */
async function chatWith(ip: string) {
  const started = await callerFor(deps, undefined, ip).widget.start({
    channelKey,
    page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
  });
  const api = visitorCaller(deps, started.visitorToken, ip);
  const m = await api.widget.send({ clientId: randomUUID(), body: 'Hello' });
  await callerFor(deps, acme.owner.token).chats.accept({ conversationId: m.conversationId });
  return { token: started.visitorToken, api, conversationId: m.conversationId };
}

const upload = (data: Buffer, opts: Parameters<typeof uploadFile>[2]) => uploadFile(server.url, data, opts);

beforeAll(async () => {
  deps = await createTestDeps({ env: { UPLOAD_MAX_MB: '1' } });
  server = await startServer(deps);
  acme = await seedAccount(deps, 'Acme');
  globex = await seedAccount(deps, 'Globex');
  channelKey = (await callerFor(deps, acme.admin.token).channels.create({ kind: 'website', name: 'Shop' }))
    .publicKey;
  png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366ff' } })
    .png()
    .toBuffer();
});
afterAll(async () => {
  await server.close();
  await deps.cleanup();
});

describe('file uploads (C11)', () => {
  it('sends an agent image to the visitor live, with its size, and a link that serves it safely', async () => {
    const v = await chatWith('198.51.100.10');
    const consoleEvents = await recordBus(deps, acme.account.id, 'console');
    const res = await upload(png, {
      name: 'photo.png',
      session: acme.owner.token,
      conversationId: v.conversationId,
    });
    expect(res.status).toBe(200);
    const message = (await res.json()) as FileMessage;
    expect(message.kind).toBe('file');
    expect(message.attachments).toEqual([
      expect.objectContaining({
        name: 'photo.png',
        mimeType: 'image/png',
        image: true,
        width: 40,
        height: 30,
      }),
    ]);
    await waitFor(() => consoleEvents.ofType('message').length > 0);
    consoleEvents.stop();

    const seen = (await v.api.widget.history({})).messages.at(-1) as FileMessage;
    expect(seen.id).toBe(message.id);
    const link = seen.attachments?.[0]?.url ?? '';
    const file = await fetch(`${server.url}${link}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toMatch(/^inline; filename="photo.png"/);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(png);
  });

  it('takes a visitor file into a conversation the agents see; non-images download as attachments', async () => {
    const v = await chatWith('198.51.100.11');
    const text = Buffer.from('order 1234\nsize: M\n');
    const res = await upload(text, { name: '../../etc/notes.txt', visitor: v.token });
    expect(res.status).toBe(200);
    const sent = (await res.json()) as FileMessage;
    expect(sent.conversationId).toBe(v.conversationId);
    const chat = await callerFor(deps, acme.agent.token).chats.get({ conversationId: v.conversationId });
    const got = chat.messages.at(-1) as FileMessage;
    expect(got.attachments?.[0]).toMatchObject({ name: 'notes.txt', mimeType: 'text/plain', image: false });
    const file = await fetch(`${server.url}${got.attachments?.[0]?.url}`);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="notes.txt"/);
    expect(file.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await file.text()).toBe(text.toString());
    expect(chat.conversation.lastMessage?.body).toBe('notes.txt');
  });

  it('refuses a program renamed .png, by its content, and stores nothing', async () => {
    const v = await chatWith('198.51.100.12');
    // The start of a Windows PE executable.
    const exe = Buffer.concat([
      Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'),
      Buffer.alloc(200),
    ]);
    const before = await deps.db.attachment.count();
    for (const who of [
      { visitor: v.token },
      { session: acme.owner.token, conversationId: v.conversationId },
    ]) {
      const res = await upload(exe, { name: 'cute-cat.png', ...who });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { appCode: string; message: string } };
      expect(body.error.appCode).toBe('file.type_not_allowed');
      expect(body.error.message).toContain('exe');
    }
    const html = await upload(Buffer.from('<html><script>alert(1)</script></html>\u0000'), {
      name: 'page.html',
      visitor: v.token,
    });
    expect(await appCodeOf(html)).toBe('file.type_not_allowed');
    expect(await deps.db.attachment.count()).toBe(before);
  });

  it('refuses files over the size limit and empty ones', async () => {
    const v = await chatWith('198.51.100.13');
    const big = await upload(Buffer.alloc(1024 * 1024 + 1, 65), { name: 'big.txt', visitor: v.token });
    expect(big.status).toBe(413);
    expect(await appCodeOf(big)).toBe('file.too_large');
    expect(await appCodeOf(await upload(Buffer.alloc(0), { name: 'x.txt', visitor: v.token }))).toBe(
      'file.empty',
    );
  });

  it('stores a retried upload once (same clientId)', async () => {
    const v = await chatWith('198.51.100.15');
    const clientId = randomUUID();
    const before = await deps.db.attachment.count();
    const [a, b] = await Promise.all([
      upload(png, { name: 'twice.png', visitor: v.token, clientId }),
      upload(png, { name: 'twice.png', visitor: v.token, clientId }),
    ]);
    const [first, second] = (await Promise.all([a.json(), b.json()])) as FileMessage[];
    expect(second?.id).toBe(first?.id);
    const again = await upload(png, {
      name: 'twice.png',
      session: acme.owner.token,
      conversationId: v.conversationId,
      clientId: randomUUID(),
    });
    expect(again.status).toBe(200);
    expect(await deps.db.attachment.count()).toBe(before + 2);
  });

  it('names a file by what it really is', async () => {
    const v = await chatWith('198.51.100.14');
    const res = await upload(png, { name: 'invoice.pdf', visitor: v.token });
    expect(((await res.json()) as FileMessage).attachments?.[0]?.name).toBe('invoice.pdf.png');
  });
});

describe('who may upload and download (C11)', () => {
  it('refuses agents of another account, agents not in the chat, strangers and cross-site pages', async () => {
    const v = await chatWith('198.51.100.20');
    const other = await upload(png, {
      name: 'a.png',
      session: globex.owner.token,
      conversationId: v.conversationId,
    });
    expect(other.status).toBe(404);
    const notIn = await upload(png, {
      name: 'a.png',
      session: acme.agent.token,
      conversationId: v.conversationId,
    });
    expect(await appCodeOf(notIn)).toBe('chat.not_participant');
    expect((await upload(png, { name: 'a.png', conversationId: v.conversationId })).status).toBe(401);
    expect((await upload(png, { name: 'a.png', visitor: 'nope.nope' })).status).toBe(401);
    const csrf = await upload(png, {
      name: 'a.png',
      session: acme.owner.token,
      conversationId: v.conversationId,
      origin: 'https://evil.test',
    });
    expect(csrf.status).toBe(403);
  });

  it("keeps a visitor's file in their own conversation and out of others'", async () => {
    const a = await chatWith('198.51.100.21');
    const b = await chatWith('198.51.100.22');
    // A visitor cannot pick a conversation: theirs is taken from the token.
    const q = new URLSearchParams({
      clientId: randomUUID(),
      name: 'x.png',
      conversationId: a.conversationId,
    });
    const res = await fetch(`${server.url}/uploads/file?${q}`, {
      method: 'POST',
      headers: { 'x-parley-visitor': b.token },
      body: new Uint8Array(png),
    });
    expect(((await res.json()) as FileMessage).conversationId).toBe(b.conversationId);
    const aSees = (await a.api.widget.history({})).messages as FileMessage[];
    expect(aSees.some((m) => m.attachments)).toBe(false);
    // Globex cannot read Acme's conversation, so it never gets a link.
    expect(
      (await errorOf(callerFor(deps, globex.owner.token).chats.get({ conversationId: b.conversationId })))
        .code,
    ).toBe('NOT_FOUND');
  });

  it('refuses tampered, moved and expired links', async () => {
    const v = await chatWith('198.51.100.23');
    const first = (await (await upload(png, { name: 'a.png', visitor: v.token })).json()) as FileMessage;
    const second = (await (
      await upload(Buffer.from('hello'), { name: 'b.txt', visitor: v.token })
    ).json()) as FileMessage;
    const link = new URL(first.attachments?.[0]?.url ?? '', server.url);
    const otherId = second.attachments?.[0]?.id ?? '';

    const moved = new URL(link);
    moved.pathname = `/files/${otherId}`;
    const tampered = new URL(link);
    tampered.searchParams.set('s', `${link.searchParams.get('s')?.slice(0, -2)}AA`);
    const extended = new URL(link);
    extended.searchParams.set('e', String(Number(link.searchParams.get('e')) + 3600));
    const unsigned = new URL(link);
    unsigned.search = '';
    for (const bad of [moved, tampered, extended, unsigned]) {
      const res = await fetch(bad);
      expect(res.status, bad.toString()).toBe(403);
      expect(await appCodeOf(res)).toBe('file.link_invalid');
    }

    // A link signed an hour in the past, valid for a minute: its time is up.
    const { signFileLink } = await import('../src/lib/file-links');
    const attachment = await deps.db.attachment.findUniqueOrThrow({
      where: { id: first.attachments?.[0]?.id ?? '' },
    });
    const old = signFileLink(attachment, Date.now() - 2 * 3600_000, 60);
    const expired = await fetch(`${server.url}${old}`);
    expect(expired.status).toBe(403);
    expect(await appCodeOf(expired)).toBe('file.link_expired');
    expect((await fetch(link)).status).toBe(200);
  });
});

describe('GIF messages (C8)', () => {
  const gif = {
    url: 'https://media.giphy.test/cat.gif',
    previewUrl: 'https://media.giphy.test/cat-small.gif',
    width: 480,
    height: 270,
    provider: 'giphy',
    title: 'Happy cat',
  };

  it('tells the console when no GIF provider is installed', async () => {
    expect(await callerFor(deps, acme.agent.token).media.gifProvider()).toEqual({ provider: null });
  });

  it('sends a GIF the visitor receives with its size and preview', async () => {
    const v = await chatWith('198.51.100.30');
    const sent = await callerFor(deps, acme.owner.token).media.sendGif({
      conversationId: v.conversationId,
      clientId: randomUUID(),
      gif,
    });
    expect(sent).toMatchObject({ kind: 'gif', gif, body: 'Happy cat' });
    const seen = (await v.api.widget.history({})).messages.at(-1);
    expect(seen).toMatchObject({ id: sent.id, gif });
  });

  it('refuses script URLs, agents outside the chat and other accounts', async () => {
    const v = await chatWith('198.51.100.31');
    const owner = callerFor(deps, acme.owner.token);
    const bad = await errorOf(
      owner.media.sendGif({
        conversationId: v.conversationId,
        clientId: randomUUID(),
        gif: { ...gif, url: 'javascript:alert(1)' },
      }),
    );
    expect(bad.code).toBe('BAD_REQUEST');
    const input = { conversationId: v.conversationId, clientId: randomUUID(), gif };
    expect((await errorOf(callerFor(deps, acme.agent.token).media.sendGif(input))).appCode).toBe(
      'chat.not_participant',
    );
    expect((await errorOf(callerFor(deps, globex.owner.token).media.sendGif(input))).code).toBe('NOT_FOUND');
  });
});

describe('S3-compatible storage (C11)', () => {
  it('stores uploads in the bucket and serves them from there', async () => {
    const s3 = startFakeS3('AKIDPARLEY');
    const endpoint = await s3.listen();
    const disk = deps.files;
    deps.files = createS3FileStore({
      endpoint,
      bucket: 'parley-files',
      region: 'eu-central-1',
      accessKeyId: 'AKIDPARLEY',
      secretAccessKey: 'shh',
    });
    try {
      const v = await chatWith('198.51.100.40');
      const sent = (await (await upload(png, { name: 'in-s3.png', visitor: v.token })).json()) as FileMessage;
      const stored = await deps.db.attachment.findUniqueOrThrow({
        where: { id: sent.attachments?.[0]?.id ?? '' },
      });
      expect([...s3.objects.keys()]).toEqual([`/parley-files/${stored.storageKey}`]);
      const file = await fetch(`${server.url}${sent.attachments?.[0]?.url}`);
      expect(Buffer.from(await file.arrayBuffer())).toEqual(png);
    } finally {
      deps.files = disk;
      await s3.close();
    }
  });
});
