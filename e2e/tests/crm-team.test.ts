import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { expectCount, gone, heading, shows, widget } from '../support/console';
import { AGENT as agent, OWNER as owner, useTeam } from '../support/team';

// E1 + D3 end to end: two agents in two browsers chat directly (unread badge, live both ways), then the
// owner defines a customer-process status, takes a visitor's chat from /demo, sets the status from the
// chat's visitor panel, and the CRM record shows it with its history. Found by role and accessible name.

const { available } = chromiumAvailability();

describe.skipIf(!available)('CRM and team', () => {
  const team = useTeam({ agent, websiteChannel: 'Northwind shop', visitor: {} });
  let page: Page;
  let agentPage: Page;
  beforeAll(() => {
    page = team.owner.page;
    agentPage = team.agent.page;
  });

  it('two agents chat directly: unread badge, card, live both ways, once', async () => {
    // --- E1: the owner clicks the agent on the Team page and writes to them.
    await page.getByRole('link', { name: 'Team', exact: true }).click();
    await shows(heading(page, 'Team'));
    await page.getByRole('button', { name: `Chat with ${agent.name}` }).click();
    await shows(heading(page, agent.name));
    const ownerTranscript = page.getByRole('log', { name: 'Messages' });
    const ownerComposer = page.getByRole('textbox', { name: 'Message' });
    await ownerComposer.fill('Can you cover the night shift?');
    await ownerComposer.press('Enter');
    await shows(ownerTranscript.getByText('Can you cover the night shift?'));
    await gone(ownerTranscript.getByText('Sending…'));

    // The agent, elsewhere in the console, sees the unread badge and the message live.
    const teamChatsLink = agentPage.getByRole('link', { name: /^Team chats.*1 unread team message/ });
    await shows(teamChatsLink);
    const notice = agentPage.getByRole('article', { name: `Message from ${owner.name}` });
    await shows(notice.getByText('Can you cover the night shift?'));
    await teamChatsLink.click();
    const chatList = agentPage.getByRole('list', { name: 'Team chats' });
    await shows(chatList.getByRole('link', { name: new RegExp(`${owner.name}.*1 unread message`) }));
    await chatList.getByRole('link', { name: new RegExp(owner.name) }).click();
    const agentTranscript = agentPage.getByRole('log', { name: 'Messages' });
    await shows(agentTranscript.getByText('Can you cover the night shift?'));
    // Names and previews in their own bidi isolate: a right-to-left name cannot reorder what follows.
    expect(await chatList.locator('bdi', { hasText: owner.name }).count()).toBe(1);
    expect(await chatList.locator('bdi', { hasText: 'Can you cover the night shift?' }).count()).toBe(1);
    expect(await heading(agentPage, owner.name).locator('bdi').count()).toBe(1);
    // Reading it clears the badge (and the card).
    await gone(agentPage.getByRole('link', { name: /unread team message/ }));
    await gone(notice);

    // The agent replies; the owner, who has the chat open, sees it at once, once.
    const agentComposer = agentPage.getByRole('textbox', { name: 'Message' });
    await agentComposer.fill('Sure, I will take it.');
    await agentComposer.press('Enter');
    await shows(ownerTranscript.getByText('Sure, I will take it.'));
    await expectCount(ownerTranscript.getByText('Sure, I will take it.'), 1);
    await expectCount(agentTranscript.getByText('Sure, I will take it.'), 1);
    // Looking at the chat, the owner gets no unread badge for it.
    expect(await page.getByRole('link', { name: /unread team message/ }).count()).toBe(0);
  });

  it('the owner defines the customer process; the agent’s open CRM follows it live', async () => {
    // --- D3: the owner defines the customer process; the agent's open CRM follows it live.
    await agentPage.getByRole('link', { name: 'Visitors', exact: true }).click();
    const agentStatusFilter = agentPage.getByRole('combobox', { name: 'Status' });
    await shows(agentStatusFilter);
    await page.getByRole('link', { name: 'Customer processes' }).click();
    await shows(heading(page, 'Customer processes'));
    await shows(page.getByText('No statuses yet'));
    await page.getByLabel('Status name', { exact: true }).fill('New lead');
    await page.getByRole('button', { name: 'Add status' }).click();
    const statuses = page.getByRole('list', { name: 'Statuses, in order' });
    await shows(statuses.getByRole('textbox', { name: 'Name of New lead' }));
    await expectCount(agentStatusFilter.getByRole('option', { name: 'New lead' }), 1);
    await page.getByLabel('Status name', { exact: true }).fill('Offer sent');
    await page.getByRole('button', { name: 'Add status' }).click();
    await shows(statuses.getByRole('textbox', { name: 'Name of Offer sent' }));
    // Reorder with the keyboard-friendly buttons: "Offer sent" goes first.
    await statuses.getByRole('button', { name: 'Move Offer sent up' }).click();
    await shows(statuses.getByRole('button', { name: 'Move Offer sent up', disabled: true }));
    await page.reload();
    await shows(statuses.getByRole('button', { name: 'Move Offer sent up', disabled: true }));
  });

  it('a status set from the chat’s visitor panel shows in the CRM record and filters the visitor list', async () => {
    // --- A visitor on /demo starts a chat; the owner takes it from the request card.
    const visitor = team.visitor.page;
    await visitor.goto(`${team.server.url}/demo`);
    const launcher = visitor.getByRole('button', { name: 'Open chat' });
    await shows(launcher);
    await launcher.click();
    const visitorComposer = widget(visitor).getByLabel('Your message', { exact: true });
    await shows(visitorComposer);
    await visitorComposer.fill('Can I get a quote for 20 kg?');
    await visitorComposer.press('Enter');

    const card = page.getByRole('article', { name: /^Chat request from / });
    await shows(card);
    await card.getByRole('button', { name: 'Chat' }).click();
    await shows(page.getByRole('log', { name: 'Messages' }).getByText('Can I get a quote for 20 kg?'));

    // The status select in the visitor panel: set it, and the colour and choice stay.
    const panel = page.getByRole('complementary', { name: 'Visitor info' });
    const status = panel.getByRole('combobox', { name: 'Customer status' });
    await shows(status);
    expect(await status.inputValue()).toBe('');
    await status.selectOption({ label: 'Offer sent' });
    await expectCount(status.getByRole('option', { name: 'Offer sent', selected: true }), 1);

    // --- D1: the CRM record shows the status and its history.
    await panel.getByRole('link', { name: 'Open the CRM record' }).click();
    await shows(page.getByRole('link', { name: 'All visitors' }));
    const history = page.getByRole('list', { name: 'Status history' });
    await shows(history.getByText('Offer sent'));
    await shows(history.getByText(`by ${owner.name}`));
    const recordStatus = page.getByRole('combobox', { name: 'Customer status' });
    await expectCount(recordStatus.getByRole('option', { name: 'Offer sent', selected: true }), 1);
    // Every conversation of the visitor opens as a read-only transcript.
    const conversations = page.getByRole('list', { name: 'Conversations' });
    await expectCount(conversations.getByRole('link'), 1);
    await conversations.getByRole('link').click();
    await shows(page.getByRole('log', { name: 'Messages' }).getByText('Can I get a quote for 20 kg?'));
    await shows(page.getByText('Read-only transcript from the Archive.'));
    await page.goBack();

    // The visitor list finds them by status.
    await page.getByRole('link', { name: 'All visitors' }).click();
    await shows(heading(page, 'Visitors'));
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Offer sent' });
    const results = page.getByRole('table', { name: 'Visitors found' });
    await expectCount(results.getByRole('row'), 2);
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'New lead' });
    await shows(page.getByText('No visitors match'));
    expect(page.url()).toContain('status=');
  });

  it('a disabled agent’s console is logged out at once', async () => {
    // --- E3: the owner opens the agent's settings from Team and disables them; their console ends now.
    await page.getByRole('link', { name: 'Team', exact: true }).click();
    await page.getByRole('link', { name: `Settings and statistics of ${agent.name}` }).click();
    await shows(heading(page, agent.name));
    await shows(page.getByText('Chats handled'));
    await page.getByRole('button', { name: 'Disable agent' }).click();
    const confirm = page.getByRole('dialog', { name: `Disable ${agent.name}?` });
    await shows(confirm.getByText(/Their sessions end at once/));
    await confirm.getByRole('button', { name: 'Disable agent' }).click();
    await shows(page.getByRole('button', { name: 'Enable agent' }));
    await shows(heading(agentPage, 'Log in to Parley'));
  });
});
