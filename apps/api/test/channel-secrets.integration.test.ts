import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sealPlainChannelSecrets } from '../src/domain/live-chat/channel-secrets';
import { callerFor, createTestDeps, seedAccount, type TestDeps } from './harness';

/** Website channels' HMAC secrets were stored in plain text; now sealed like plugin secrets. */
let deps: TestDeps;
let acme: Awaited<ReturnType<typeof seedAccount>>;
beforeAll(async () => {
  deps = await createTestDeps();
  acme = await seedAccount(deps);
});
afterAll(() => deps.cleanup());

const page = { url: 'https://shop.test/', title: 'Shop', referrer: '' };

it('stores a new channel secret sealed; the admin still sees it and identities still verify', async () => {
  const admin = callerFor(deps, acme.admin.token);
  const created = await admin.channels.create({ kind: 'website', name: 'Sealed' });
  const row = await deps.db.channel.findUniqueOrThrow({ where: { id: created.id } });
  expect(row.secrets).toMatch(/^enc:v1:/);
  expect(row.secrets).not.toContain(created.secret);
  expect((await admin.channels.get({ id: created.id })).secret).toBe(created.secret);

  const rotated = await admin.channels.rotateSecret({ id: created.id });
  const after = await deps.db.channel.findUniqueOrThrow({ where: { id: created.id } });
  expect(after.secrets).toMatch(/^enc:v1:/);
  expect(after.secrets).not.toContain(rotated.secret);
});

it('seals the plain-text secrets an older version stored, keeping them valid', async () => {
  const admin = callerFor(deps, acme.admin.token);
  const created = await admin.channels.create({ kind: 'website', name: 'Legacy' });
  const legacy = 'a1'.repeat(32);
  await deps.db.channel.update({
    where: { id: created.id },
    data: { secrets: JSON.stringify({ hmac: legacy }) },
  });

  expect(await sealPlainChannelSecrets(deps.db)).toBe(1);
  expect(await sealPlainChannelSecrets(deps.db)).toBe(0);
  const row = await deps.db.channel.findUniqueOrThrow({ where: { id: created.id } });
  expect(row.secrets).toMatch(/^enc:v1:/);
  expect((await admin.channels.get({ id: created.id })).secret).toBe(legacy);

  // A site that signs with the old secret is still recognised on a second browser.
  const identity = { userId: 'cust-7', hash: createHmac('sha256', legacy).update('cust-7').digest('hex') };
  const first = await callerFor(deps, undefined, '198.51.100.70').widget.start({
    channelKey: created.publicKey,
    identity,
    page,
  });
  const second = await callerFor(deps, undefined, '198.51.100.71').widget.start({
    channelKey: created.publicKey,
    identity,
    page,
  });
  expect(second.visitor.id).toBe(first.visitor.id);
});
