import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WIDGET_LANGUAGES } from '../src/domain/live-chat/website-config';
import { callerFor, createTestDeps, errorOf, seedAccount, type TestDeps } from './harness';

// G5: a channel's widget language (`config.language`): validated, admins only, in the account,
// and handed to the widget by widget.start.

let deps: TestDeps;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let globex: Awaited<ReturnType<typeof seedAccount>>;
const page = { url: 'https://shop.test/', title: 'Shop', referrer: '' };

beforeAll(async () => {
  deps = await createTestDeps();
  acme = await seedAccount(deps, 'Acme');
  globex = await seedAccount(deps, 'Globex');
});
afterAll(async () => {
  await deps.cleanup();
});

describe('widget language (G5)', () => {
  it('is auto by default, set by an admin, and reaches the widget', async () => {
    const admin = callerFor(deps, acme.admin.token);
    const channel = await admin.channels.create({
      kind: 'website',
      name: 'Shop',
      config: { color: '#112233' },
    });
    expect(channel.config.language).toBe('auto');
    const updated = await admin.channels.update({ id: channel.id, config: { language: 'ar' } });
    expect(updated.config).toMatchObject({ language: 'ar', color: '#112233' });
    const started = await callerFor(deps, undefined, '198.51.100.20').widget.start({
      channelKey: channel.publicKey,
      page,
    });
    expect(started.channel.config.language).toBe('ar');
    // Another change leaves the language alone; `auto` gives the choice back to the browser.
    expect((await admin.channels.update({ id: channel.id, config: { title: 'Hi' } })).config.language).toBe(
      'ar',
    );
    expect(
      (await admin.channels.update({ id: channel.id, config: { language: 'auto' } })).config.language,
    ).toBe('auto');
  });

  it('refuses languages the widget does not have, and hostile values', async () => {
    const admin = callerFor(deps, acme.admin.token);
    const channel = await admin.channels.create({ kind: 'website', name: 'Shop 2' });
    for (const language of ['xx', 'pt-PT', 'AR', '', 'de<script>', 'en'.repeat(500)]) {
      const e = await errorOf(
        admin.channels.update({ id: channel.id, config: { language: language as 'de' } }),
      );
      expect(e.code, language).toBe('BAD_REQUEST');
    }
    expect((await admin.channels.get({ id: channel.id })).config.language).toBe('auto');
    expect(WIDGET_LANGUAGES.length).toBeGreaterThanOrEqual(12);
  });

  it('only admins of the channel account change it', async () => {
    const channel = await callerFor(deps, acme.admin.token).channels.create({
      kind: 'website',
      name: 'Shop 3',
    });
    const asAgent = await errorOf(
      callerFor(deps, acme.agent.token).channels.update({ id: channel.id, config: { language: 'de' } }),
    );
    expect(asAgent.code).toBe('FORBIDDEN');
    const otherAccount = await errorOf(
      callerFor(deps, globex.admin.token).channels.update({ id: channel.id, config: { language: 'de' } }),
    );
    expect(otherAccount.code).toBe('NOT_FOUND');
    expect((await callerFor(deps, acme.admin.token).channels.get({ id: channel.id })).config.language).toBe(
      'auto',
    );
  });

  it('reads a stored language the widget no longer has as auto, keeping the other settings', async () => {
    const admin = callerFor(deps, acme.admin.token);
    const channel = await admin.channels.create({
      kind: 'website',
      name: 'Shop 4',
      config: { color: '#445566' },
    });
    const row = await deps.db.channel.findUniqueOrThrow({ where: { id: channel.id } });
    await deps.db.channel.update({
      where: { id: channel.id },
      data: { config: { ...(row.config as object), language: 'tlh' } },
    });
    expect((await admin.channels.get({ id: channel.id })).config).toMatchObject({
      language: 'auto',
      color: '#445566',
    });
  });
});
