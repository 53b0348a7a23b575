import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { heading, shows, widget } from '../support/console';
import { useTeam } from '../support/team';

// J7 end to end: a visitor on /demo starts a chat; the owner creates an API token in Manage → API
// (found by role and label), copies it from the one-time field, and a plain fetch with it lists the
// conversation, reads its messages and answers in it (the visitor sees the answer), also as a named
// bot (the widget shows the bot's name, the console a Bot badge); revoking the
// token in the console turns the next call into 401.

const { available } = chromiumAvailability();

describe.skipIf(!available)('API tokens', () => {
  const team = useTeam({ websiteChannel: 'Northwind shop', visitor: {} });
  let page: Page;
  let visitor: Page;
  let token = '';

  async function api(path: string, init: RequestInit = {}) {
    const res = await fetch(`${team.server.url}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    // biome-ignore lint/suspicious/noExplicitAny: JSON answers checked field by field.
    return { status: res.status, json: (await res.json()) as any };
  }

  beforeAll(() => {
    page = team.owner.page;
    visitor = team.visitor.page;
  });

  it('a visitor starts a chat on /demo', async () => {
    await visitor.goto(`${team.server.url}/demo`);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    const composer = widget(visitor).getByLabel('Your message', { exact: true });
    await shows(composer);
    await composer.fill('Where is my order?');
    await composer.press('Enter');
    await shows(page.getByRole('article', { name: /^Chat request from / }));
  });

  it('the owner creates a token in Manage → API and copies it', async () => {
    await page.getByRole('link', { name: 'API', exact: true }).click();
    await shows(heading(page, 'API'));
    const form = page.getByRole('form', { name: 'New token' });
    await form.getByLabel('Token name').fill('CRM sync');
    // Read conversations is ticked by default; add the two message scopes and the write scope.
    await form.getByRole('checkbox', { name: /Read messages/ }).check();
    await form.getByRole('checkbox', { name: /Send messages/ }).check();
    await form.getByRole('checkbox', { name: /Accept, assign and close conversations/ }).check();
    await form.getByRole('checkbox', { name: /Post as a named bot/ }).check();
    await form.getByRole('button', { name: 'Create token' }).click();
    const secret = page.getByRole('textbox', { name: 'New API token' });
    await shows(secret);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    token = await secret.inputValue();
    expect(token).toMatch(/^prl_[a-z2-7]{32}$/);
    const list = page.getByRole('list', { name: 'API tokens' });
    await shows(list.getByText('CRM sync'));
    await shows(list.getByText('Never used'));
  });

  it('the API sees the conversation and answers in it', async () => {
    const conversations = await api('/conversations?status=open');
    expect(conversations.status).toBe(200);
    const chat = conversations.json.items[0];
    expect(chat).toBeTruthy();
    const messages = await api(`/conversations/${chat.id}/messages`);
    expect(messages.json.messages.map((m: { body: string }) => m.body)).toContain('Where is my order?');
    expect((await api(`/conversations/${chat.id}/accept`, { method: 'POST' })).status).toBe(200);
    const sent = await api(`/conversations/${chat.id}/messages`, {
      method: 'POST',
      body: JSON.stringify({ body: 'It ships tomorrow.' }),
    });
    expect(sent.status).toBe(201);
    await shows(widget(visitor).getByText('It ships tomorrow.'));
    // A message as the integration's bot: the widget names the bot, the console marks it as one.
    const fromBot = await api(`/conversations/${chat.id}/messages`, {
      method: 'POST',
      body: JSON.stringify({
        body: 'Track it any time on our site.',
        sender: { type: 'bot', name: 'Northwind Bot' },
      }),
    });
    expect(fromBot.status).toBe(201);
    await shows(widget(visitor).getByText('Track it any time on our site.'));
    await shows(widget(visitor).getByText('Northwind Bot'));
    await page.goto(`${team.server.url}/chats/${chat.id}`);
    const botLine = page.getByRole('listitem').filter({ hasText: 'Track it any time on our site.' });
    await shows(botLine.getByText('Northwind Bot'));
    await shows(botLine.getByText('Bot', { exact: true }));
    await page.goto(`${team.server.url}/manage/api`);
    // The list shows the token's use once the page asks again.
    await page.reload();
    await shows(page.getByRole('list', { name: 'API tokens' }).getByText(/^Last used/));
  });

  it('revoking the token in the console refuses the next call', async () => {
    await page.getByRole('button', { name: 'Revoke token CRM sync' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke the token CRM sync?' });
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await shows(page.getByRole('list', { name: 'API tokens' }).getByText('Revoked'));
    const refused = await api('/conversations');
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe('api.token_revoked');
  });

  it('the API reference page renders from the local OpenAPI document', async () => {
    const errors: string[] = [];
    visitor.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await visitor.goto(`${team.server.url}/api/v1/docs`);
    await shows(visitor.getByRole('heading', { name: 'Parley REST API' }).first());
    await shows(visitor.getByText('/conversations/{id}/messages').first());
    // Nothing is fetched from elsewhere (no CDN, no web fonts): the page's policy would refuse it.
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });
});
