import { randomUUID } from 'node:crypto';
import { startFakeSmtp } from '@parley/integrations/testing/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  sendTranscript,
  sendWithRetries,
  TRANSCRIPT_LINK_TTL_SECONDS,
} from '../src/domain/transcripts/send-transcript';
import { createSmtpMailer, type Mailer } from '../src/mail/mailer';
import { type RunningServer, startServer } from '../src/server';
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
} from './harness';

let deps: TestDeps;
let server: RunningServer;
let smtp: Awaited<ReturnType<typeof startFakeSmtp>>;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let globex: Awaited<ReturnType<typeof seedAccount>>;
let thumbsKey: string;
let starsKey: string;
let ip = 10;

/** A visitor who wrote once; Acme's owner took the chat. */
async function chatWith(channelKey = thumbsKey) {
  const addr = `198.51.100.${ip++}`;
  const started = await callerFor(deps, undefined, addr).widget.start({
    channelKey,
    page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
  });
  const api = visitorCaller(deps, started.visitorToken, addr);
  const m = await api.widget.send({ clientId: randomUUID(), body: 'Hello, <b>is</b> my order late?' });
  await callerFor(deps, acme.owner.token).chats.accept({ conversationId: m.conversationId });
  await callerFor(deps, acme.owner.token).chats.send({
    conversationId: m.conversationId,
    clientId: randomUUID(),
    body: 'It ships tomorrow.',
  });
  return {
    token: started.visitorToken,
    visitorId: started.visitor.id,
    api,
    conversationId: m.conversationId,
  };
}

const agentLeaves = (conversationId: string) =>
  callerFor(deps, acme.owner.token).chats.leave({ conversationId });

beforeAll(async () => {
  smtp = await startFakeSmtp();
  deps = await createTestDeps({
    mailer: createSmtpMailer(`smtp://${smtp.host}:${smtp.port}`, 'Parley <no-reply@acme.test>'),
  });
  server = await startServer(deps);
  acme = await seedAccount(deps, 'Acme');
  globex = await seedAccount(deps, 'Globex');
  const admin = callerFor(deps, acme.admin.token);
  thumbsKey = (await admin.channels.create({ kind: 'website', name: 'Shop' })).publicKey;
  starsKey = (
    await admin.channels.create({
      kind: 'website',
      name: 'Stars shop',
      config: { ratingScale: 'stars', title: 'Star Shop' },
    })
  ).publicKey;
  await callerFor(deps, acme.owner.token).presence.set({ presence: 'online' });
});
afterAll(async () => {
  await server.close();
  await deps.cleanup();
  deps.mailer?.close();
  await smtp.close();
});

describe('ratings (G7)', () => {
  it('lets the visitor rate an ended chat good/bad with a comment; the agent sees it live and later', async () => {
    const v = await chatWith();
    // Not while the chat is open.
    expect(await errorOf(v.api.widget.rate({ conversationId: v.conversationId, score: 1 }))).toMatchObject({
      appCode: 'rating.chat_open',
    });
    await agentLeaves(v.conversationId);
    const events = await recordBus(deps, acme.account.id, 'console');
    const rating = await v.api.widget.rate({
      conversationId: v.conversationId,
      score: 1,
      comment: '  Quick and kind  ',
    });
    expect(rating).toMatchObject({
      scale: 'thumbs',
      score: 1,
      comment: 'Quick and kind',
      agentId: acme.owner.id,
    });
    await expect.poll(() => events.ofType('chat.rated').length).toBe(1);
    expect(events.ofType('chat.rated')[0]?.payload).toMatchObject({
      rating: { conversationId: v.conversationId, score: 1, comment: 'Quick and kind' },
    });
    events.stop();

    // Stored as its own row, with the agents, for statistics; the LiveEvent kind is countable.
    const row = await deps.db.rating.findUniqueOrThrow({ where: { conversationId: v.conversationId } });
    expect(row).toMatchObject({
      accountId: acme.account.id,
      visitorId: v.visitorId,
      scale: 'thumbs',
      score: 1,
    });
    expect(row.agentIds).toEqual([acme.owner.id]);
    const logged = await deps.db.liveEvent.findMany({
      where: { accountId: acme.account.id, topic: 'console' },
    });
    expect(
      logged.filter((e) => (e.payload as { data: { type: string } }).data.type === 'chat.rated'),
    ).toHaveLength(1);

    // After a reload the widget is told which chat to rate.
    const again = await callerFor(deps, undefined, '198.51.100.250').widget.start({
      channelKey: thumbsKey,
      visitorToken: v.token,
      page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    });
    expect(again).toMatchObject({ conversation: null, endedConversationId: v.conversationId });

    // Changeable: one rating per chat, the latest wins.
    await v.api.widget.rate({ conversationId: v.conversationId, score: 0, comment: null });
    expect(await deps.db.rating.count({ where: { conversationId: v.conversationId } })).toBe(1);
    const seen = await callerFor(deps, acme.agent.token).chats.rating({ conversationId: v.conversationId });
    expect(seen).toMatchObject({ score: 0, comment: null });
    expect(await v.api.widget.rating({ conversationId: v.conversationId })).toMatchObject({ score: 0 });

    // A 3 does not fit good/bad.
    expect(await errorOf(v.api.widget.rate({ conversationId: v.conversationId, score: 3 }))).toMatchObject({
      appCode: 'rating.invalid_score',
    });
  });

  it('uses 1–5 stars where the channel says so, and stops changes once the next chat starts', async () => {
    const v = await chatWith(starsKey);
    await agentLeaves(v.conversationId);
    expect(await errorOf(v.api.widget.rate({ conversationId: v.conversationId, score: 0 }))).toMatchObject({
      appCode: 'rating.invalid_score',
    });
    expect(await v.api.widget.rate({ conversationId: v.conversationId, score: 4 })).toMatchObject({
      scale: 'stars',
      score: 4,
    });
    await v.api.widget.send({ clientId: randomUUID(), body: 'Another question' });
    // The newer chat is open: nothing to rate on a reload.
    const reload = await callerFor(deps, undefined, '198.51.100.251').widget.start({
      channelKey: starsKey,
      visitorToken: v.token,
      page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    });
    expect(reload.endedConversationId).toBeNull();
    expect(await errorOf(v.api.widget.rate({ conversationId: v.conversationId, score: 5 }))).toMatchObject({
      appCode: 'rating.too_late',
    });
  });

  it('lets the visitor end the chat, which closes it for the agent and opens rating', async () => {
    const v = await chatWith();
    await v.api.widget.end({ conversationId: v.conversationId });
    const row = await deps.db.conversation.findUniqueOrThrow({ where: { id: v.conversationId } });
    expect(row.status).toBe('closed');
    const last = await deps.db.message.findFirst({
      where: { conversationId: v.conversationId },
      orderBy: { createdAt: 'desc' },
    });
    expect(last).toMatchObject({ authorType: 'system', body: 'The visitor ended the chat' });
    await v.api.widget.end({ conversationId: v.conversationId }); // twice is fine
    expect(await v.api.widget.rate({ conversationId: v.conversationId, score: 1 })).toMatchObject({
      score: 1,
    });
  });

  it("refuses another visitor's chat and another account's agent (FOREIGN)", async () => {
    const v = await chatWith();
    await agentLeaves(v.conversationId);
    const other = await chatWith();
    const calls = [
      () => other.api.widget.rate({ conversationId: v.conversationId, score: 1 }),
      () => other.api.widget.end({ conversationId: v.conversationId }),
      () => other.api.widget.transcript({ conversationId: v.conversationId, email: 'thief@evil.test' }),
    ];
    for (const call of calls) expect(await errorOf(call())).toMatchObject({ code: 'NOT_FOUND' });
    expect(await other.api.widget.rating({ conversationId: v.conversationId })).toBeNull();
    expect(
      await errorOf(callerFor(deps, globex.owner.token).chats.rating({ conversationId: v.conversationId })),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(smtp.received.some((m) => m.to.includes('thief@evil.test'))).toBe(false);
  });
});

describe('transcripts by email (G7)', () => {
  it('mails a readable HTML and text transcript with working, signed file links, in English', async () => {
    const v = await chatWith();
    const up = await uploadFile(server.url, Buffer.from('order #42\n'), {
      name: 'receipt.txt',
      session: acme.owner.token,
      conversationId: v.conversationId,
    });
    expect(up.status).toBe(200);
    // A private note never reaches the visitor's transcript.
    await deps.db.message.create({
      data: {
        accountId: acme.account.id,
        conversationId: v.conversationId,
        authorType: 'agent',
        authorUserId: acme.owner.id,
        kind: 'note',
        body: 'secret note',
      },
    });
    await agentLeaves(v.conversationId);
    const before = smtp.received.length;
    const sent = await v.api.widget.transcript({
      conversationId: v.conversationId,
      email: 'Ann@Example.test',
    });
    expect(sent).toEqual({ ok: true, to: 'ann@example.test' });
    const [mail] = (await smtp.waitForMail(before + 1)).slice(before);
    expect(mail?.to).toEqual(['ann@example.test']);
    const parsed = mail!.parsed;
    expect(parsed.subject).toBe('Your chat with Shop');
    expect(parsed.text).toContain('You: Hello, <b>is</b> my order late?');
    expect(parsed.text).toContain('It ships tomorrow.');
    expect(parsed.text).not.toContain('secret');
    expect(parsed.html).toContain('Hello, &lt;b&gt;is&lt;/b&gt; my order late?');
    expect(parsed.html).toContain('lang="en"');
    const link = /https?:\/\/[^\s"<>]+\/files\/[^\s"<>]+/
      .exec(String(parsed.html))?.[0]
      .replace(/&amp;/g, '&');
    expect(link).toBeDefined();
    const url = new URL(link!);
    expect(url.origin).toBe('http://localhost:3000'); // PUBLIC_URL
    expect(Number(url.searchParams.get('e')) * 1000).toBeGreaterThan(
      Date.now() + (TRANSCRIPT_LINK_TTL_SECONDS - 3600) * 1000,
    );
    const res = await fetch(`${server.url}${url.pathname}${url.search}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('order #42\n');
    const forged = await fetch(`${server.url}${url.pathname}?e=${url.searchParams.get('e')}&s=AAAA`);
    expect(forged.status).toBe(403);
  });

  it('writes it in Turkish for a Turkish widget, to the contact address when none is typed', async () => {
    const v = await chatWith(starsKey);
    await v.api.widget.setContact({ name: 'Ayşe', email: 'ayse@example.test' });
    await agentLeaves(v.conversationId);
    const before = smtp.received.length;
    await v.api.widget.transcript({ conversationId: v.conversationId, locale: 'tr' });
    const [mail] = (await smtp.waitForMail(before + 1)).slice(before);
    expect(mail?.to).toEqual(['ayse@example.test']);
    expect(mail!.parsed.subject).toBe('Star Shop ile sohbetiniz');
    expect(mail!.parsed.text).toContain('Siz: Hello');
    expect(mail!.parsed.html).toContain('lang="tr"');
  });

  it('links expire: a transcript signed more than a week ago no longer opens its files', async () => {
    const v = await chatWith();
    const up = await uploadFile(server.url, Buffer.from('old'), {
      name: 'old.txt',
      session: acme.owner.token,
      conversationId: v.conversationId,
    });
    expect(up.status).toBe(200);
    const before = smtp.received.length;
    const eightDaysAgo = Date.now() - 8 * 24 * 3600 * 1000;
    await sendTranscript(
      { db: deps.db, mailer: deps.mailer, publicUrl: server.url },
      { accountId: acme.account.id, visitorId: v.visitorId, channelId: '' },
      { conversationId: v.conversationId, email: 'late@example.test', locale: 'en' },
      eightDaysAgo,
    );
    const [mail] = (await smtp.waitForMail(before + 1)).slice(before);
    const link = /http:\/\/[^\s<>]+\/files\/\S+/.exec(String(mail!.parsed.text))?.[0].replace(/>$/, '');
    const res = await fetch(link!);
    expect(res.status).toBe(403);
    expect(await appCodeOf(res)).toBe('file.link_expired');
  });

  it('is rate-limited per visitor', async () => {
    const v = await chatWith();
    for (let i = 0; i < 3; i++)
      await v.api.widget.transcript({ conversationId: v.conversationId, email: 'me@example.test' });
    expect(
      await errorOf(v.api.widget.transcript({ conversationId: v.conversationId, email: 'me@example.test' })),
    ).toMatchObject({ code: 'TOO_MANY_REQUESTS', appCode: 'transcript.rate_limited' });
  });

  it('asks for an address when the visitor has none and typed none', async () => {
    const v = await chatWith();
    expect(await errorOf(v.api.widget.transcript({ conversationId: v.conversationId }))).toMatchObject({
      appCode: 'transcript.email_required',
    });
  });

  it('is refused politely without SMTP, and the widget is told to hide the button', async () => {
    const noMail = { ...deps, mailer: null };
    const started = await callerFor(noMail, undefined, '198.51.100.200').widget.start({
      channelKey: thumbsKey,
      page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    });
    expect(started.features).toEqual({ transcript: false });
    const withMail = await callerFor(deps, undefined, '198.51.100.200').widget.start({
      channelKey: thumbsKey,
      visitorToken: started.visitorToken,
      page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    });
    expect(withMail.features).toEqual({ transcript: true });
    const v = await chatWith();
    expect(
      await errorOf(
        visitorCaller(noMail, v.token).widget.transcript({
          conversationId: v.conversationId,
          email: 'a@b.test',
        }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', appCode: 'transcript.unavailable' });
  });

  it('tries the SMTP server again when a send fails', async () => {
    let calls = 0;
    const flaky: Mailer = {
      async send(message) {
        calls++;
        if (calls < 3) throw new Error('421 try again later');
        await deps.mailer!.send(message);
      },
      close() {},
    };
    const before = smtp.received.length;
    const attempts = await sendWithRetries(
      flaky,
      { to: 'retry@example.test', subject: 's', text: 't' },
      { attempts: 3, delayMs: 1 },
    );
    expect(attempts).toBe(3);
    await smtp.waitForMail(before + 1);
    calls = -10;
    await expect(
      sendWithRetries(flaky, { to: 'x@example.test', subject: 's', text: 't' }, { attempts: 2, delayMs: 1 }),
    ).rejects.toThrow(/421/);
  });
});
