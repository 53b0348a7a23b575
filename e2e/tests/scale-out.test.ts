import { describe, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { gone, heading, shows, widget } from '../support/console';
import { useTeam } from '../support/team';

// Scale-out in the browser: two API processes on one PostgreSQL and one Redis; the agent's console
// talks to the first, the visitor's widget to the second, and the chat works live both ways.

const { available } = chromiumAvailability();
const scaleOut = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
if (!scaleOut) console.info('e2e scale-out skipped: set DATABASE_URL (PostgreSQL) and REDIS_URL to run it');

describe.runIf(available && scaleOut)('two API processes', () => {
  const team = useTeam({
    owner: { accountName: 'Scale', name: 'Sam Owner', email: 'sam@scale.test', password: 'correct horse 1' },
    websiteChannel: 'Scale shop',
    visitor: {},
    secondServer: true,
  });

  it('a visitor on one process chats with an agent on the other', async () => {
    const agent = team.owner.page;
    await agent.getByRole('link', { name: /^Inbox/ }).click();
    await shows(heading(agent, 'Inbox'));

    const visitor = team.visitor.page;
    await visitor.goto(`${team.secondServer.url}/demo`);
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
