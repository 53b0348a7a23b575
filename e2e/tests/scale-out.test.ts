import { afterAll, beforeAll, describe, it } from 'vitest';
import { chromiumAvailability, launchBrowser, type TBrowser } from '../support/browser';
import { gone, heading, shows, widget } from '../support/console';
import { startServer, type TRunningServer } from '../support/server';

// Scale-out in the browser: two API processes on one PostgreSQL and one Redis; the agent's console
// talks to the first, the visitor's widget to the second, and the chat works live both ways.

const { available } = chromiumAvailability();
const scaleOut = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
if (!scaleOut) console.info('e2e scale-out skipped: set DATABASE_URL (PostgreSQL) and REDIS_URL to run it');

describe.runIf(available && scaleOut)('two API processes', () => {
  let first: TRunningServer;
  let second: TRunningServer;
  let agentBrowser: TBrowser | undefined;
  let visitorBrowser: TBrowser | undefined;

  beforeAll(async () => {
    first = await startServer();
    second = await startServer({ shareDatabaseWith: first });
  });
  afterAll(async () => {
    await visitorBrowser?.close();
    await agentBrowser?.close();
    await second?.stop();
    await first?.stop();
  });

  it('a visitor on one process chats with an agent on the other', { timeout: 180_000 }, async () => {
    agentBrowser = await launchBrowser({ locale: 'en-US' });
    const agent = await agentBrowser.context.newPage();
    await agent.goto(first.url);
    await shows(heading(agent, 'Set up Parley'));
    await agent.getByLabel('Workspace name', { exact: true }).fill('Scale');
    await agent.getByLabel('Your name', { exact: true }).fill('Sam Owner');
    await agent.getByLabel('Email', { exact: true }).fill('sam@scale.test');
    await agent.getByLabel('Password', { exact: true }).fill('correct horse 1');
    await agent.getByRole('button', { name: 'Create workspace' }).click();
    await shows(heading(agent, 'Inbox'));
    await agent.getByRole('link', { name: 'Channels' }).click();
    await agent.getByLabel('Website name', { exact: true }).fill('Scale shop');
    await agent.getByRole('button', { name: 'Add website' }).click();
    await shows(heading(agent, 'Scale shop'));
    await agent.getByRole('link', { name: /^Inbox/ }).click();
    await shows(heading(agent, 'Inbox'));

    visitorBrowser = await launchBrowser({ locale: 'en-US' });
    const visitor = await visitorBrowser.context.newPage();
    await visitor.goto(`${second.url}/demo`);
    await visitor.getByRole('button', { name: /^Open chat/ }).click();
    const chat = widget(visitor);
    const composer = chat.getByLabel('Your message', { exact: true });
    await shows(composer);
    await composer.fill('Hello from process two');
    await composer.press('Enter');

    const card = agent.getByRole('article', { name: /^Chat request from / });
    await shows(card.getByText('Hello from process two'));
    await card.getByRole('button', { name: 'Quick reply' }).click();
    await card.getByRole('textbox', { name: 'Quick reply' }).fill('Hello from process one');
    await card.getByRole('button', { name: 'Send' }).click();
    await gone(card);
    await shows(chat.getByText('Hello from process one'));
  });
});
