import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fillBridgeChannel, signedPost } from '../support/bridge';
import { chromiumAvailability } from '../support/browser';
import { heading, shows } from '../support/console';
import { useTeam } from '../support/team';

// K3 in the console: the example third-party plugin, named in PARLEY_PLUGINS, is offered under
// Add channel with the form generated from its config schema; a signed message posted to the
// webhook URL the console shows lands in the Inbox; the channel declared it carries text only, so the
// composer offers no file attachments there and says why.

const { available } = chromiumAvailability();

const owner = {
  accountName: 'Initech',
  name: 'Ivy Owner',
  email: 'ivy@initech.test',
  password: 'correct horse 1',
};

describe.skipIf(!available)('third-party plugin channel', () => {
  // The production bundle loads the example's compiled dist, which imports its own copy of
  // @parley/plugin-sdk (dist) while the bundle carries another: as a published plugin runs.
  const team = useTeam({ owner, serverEnv: () => ({ PARLEY_PLUGINS: 'parley-plugin-example' }) });
  let page: Page;
  let webhookUrl = '';
  beforeAll(() => {
    page = team.owner.page;
  });

  it('the example plugin is offered under Add channel with the form of its config schema', async () => {
    await page.getByRole('link', { name: 'Channels', exact: true }).click();
    await page.getByRole('link', { name: /^Add email, Telegram/ }).click();
    await shows(heading(page, 'Add channel'));
    await page.getByRole('radio', { name: 'HTTP bridge (example)', exact: true }).check();
    // Its package manifest declares no host of its own: it calls only the URL typed in the form.
    const hosts = page.getByRole('list', { name: 'This plugin will connect to:' });
    await shows(hosts.getByRole('listitem').filter({ hasText: 'the addresses you enter below' }));
    expect(await hosts.getByRole('listitem').count()).toBe(1);
    webhookUrl = await fillBridgeChannel(page, 'Partner bridge');
    expect(webhookUrl).toMatch(new RegExp(`^${team.server.url}/hooks/`));
  });

  it('a signed message posted to the webhook lands in the Inbox; the channel reads as the plugin’s name', async () => {
    const posted = await signedPost(webhookUrl, {
      id: 'm-1',
      from: { id: 'u-7', name: 'Deniz' },
      text: 'Is my invoice ready?',
    });
    expect(posted.status).toBe(200);

    // The channel's kind reads as the plugin's display name (from its manifest), not "Plugin".
    await page.getByRole('link', { name: 'Back to channels' }).click();
    await shows(
      page
        .getByRole('listitem')
        .filter({ hasText: 'Partner bridge' })
        .getByText('HTTP bridge (example)', { exact: true }),
    );

    await page.getByRole('link', { name: /^Inbox/ }).click();
    const card = page.getByRole('article', { name: 'Chat request from Deniz' });
    await shows(card.getByText('Is my invoice ready?'));
    await card.getByRole('button', { name: 'Chat', exact: true }).click();
    await shows(page.getByRole('log', { name: 'Messages' }).getByText('Is my invoice ready?'));
  });

  it('the channel carries text only: the composer offers no attachments and says why', async () => {
    const attach = page.getByRole('button', { name: 'Attach files' });
    await shows(attach);
    await expect.poll(() => attach.isDisabled()).toBe(true);
    await shows(page.getByText('This channel carries text only: files can’t be sent here.'));
    expect(await page.getByRole('button', { name: 'Send a GIF' }).isDisabled()).toBe(false);
  });
});
