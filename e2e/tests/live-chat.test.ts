import type { FrameLocator, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { expectCount, gone, heading, shows, widget } from '../support/console';
import { useTeam } from '../support/team';

// Live chat end to end (docs/live-chat.md): an agent in the console and a visitor on /demo, each in their
// own browser. F3 invitation → B4 request card (Quick reply, Chat) → B6 messages both ways with the live
// typing preview → B7 navigation → the agent's network drops and returns (nothing lost or doubled) → the
// visitor leaves (B2 white dot) → B3 Archive search. Everything is found by role and accessible name.

const { available } = chromiumAvailability();

const invitation = 'Hello! Looking for the right roast?';

describe.skipIf(!available)('live chat', () => {
  // The owner is the agent here: the workspace and a website channel, then a visitor on /demo.
  const team = useTeam({ websiteChannel: 'Northwind shop', visitor: {} });
  let agent: Page;
  let visitor: Page;
  let chat: FrameLocator;
  let composer: Locator;
  let transcript: Locator;
  let agentComposer: Locator;
  let chatAfterNavigation: FrameLocator;
  beforeAll(() => {
    agent = team.owner.page;
    visitor = team.visitor.page;
  });

  it('the channel shows its snippet and saves an invitation rule', async () => {
    await shows(heading(agent, 'Northwind shop'));
    const snippet = await agent.getByRole('textbox', { name: 'Snippet' }).inputValue();
    expect(snippet).toMatch(/<script async src=".+\/widget\/loader\.js" data-parley="pk_[^"]+"><\/script>/);
    await shows(agent.getByRole('link', { name: 'Try it on the demo page' }));

    await agent.getByRole('button', { name: 'Add invitation rule' }).click();
    const rule = agent.getByRole('group', { name: 'Rule 1' });
    await rule.getByLabel('Invitation text', { exact: true }).fill(invitation);
    await rule.getByLabel('Seconds on the page', { exact: true }).fill('1');
    await agent.getByRole('button', { name: 'Save changes' }).click();
    await shows(agent.getByText('Saved.'));

    await agent.getByRole('link', { name: /^Inbox/ }).click();
    await shows(heading(agent, 'Inbox'));
  });

  it('the invitation shows after a second; the request card shows who, where and what; Quick reply answers', async () => {
    // --- The visitor opens the demo page; after a second the invitation appears.
    await visitor.goto(`${team.server.url}/demo`);
    const invitationBubble = visitor.getByRole('button', { name: invitation });
    await shows(invitationBubble);
    await invitationBubble.click();
    chat = widget(visitor);
    composer = chat.getByLabel('Your message', { exact: true });
    await shows(composer);
    await composer.fill('Which beans for espresso?');
    await composer.press('Enter');

    // --- B4: the request card shows who, where, which invitation and what they wrote.
    const card = agent.getByRole('article', { name: /^Chat request from / });
    await shows(card);
    await shows(card.getByText(invitation));
    await shows(card.getByText('Which beans for espresso?'));
    await shows(card.getByText(`${team.server.url}/demo`));
    await shows(agent.getByRole('link', { name: /^Inbox.*1 waiting chat/ }));

    // Quick reply answers from the card without opening the chat; the card goes.
    await card.getByRole('button', { name: 'Quick reply' }).click();
    await card.getByRole('textbox', { name: 'Quick reply' }).fill('Our Ethiopia Guji is lovely as espresso.');
    await card.getByRole('button', { name: 'Send' }).click();
    await gone(card);
    await shows(heading(agent, 'Inbox'));
    await shows(chat.getByText('Our Ethiopia Guji is lovely as espresso.'));
  });

  it('the chat opens from My chats: live typing preview, messages both ways, read receipt', async () => {
    // The chat is now mine: open it from My chats.
    await agent.getByRole('link', { name: /^My chats/ }).click();
    await shows(heading(agent, 'My chats'));
    await agent.getByRole('list', { name: 'My chats' }).getByRole('link').first().click();
    transcript = agent.getByRole('log', { name: 'Messages' });
    await shows(transcript.getByText('Which beans for espresso?'));
    await shows(transcript.getByText(invitation));
    await shows(agent.getByRole('button', { name: 'Leave chat' }));

    // --- B6: the visitor types; the agent sees the live preview, then the message.
    await composer.pressSequentially('Do you grind it', { delay: 30 });
    const preview = agent.getByRole('status', { name: 'Visitor is typing' });
    await shows(preview.getByText('Do you grind it'));
    await composer.pressSequentially(' for me?', { delay: 30 });
    await composer.press('Enter');
    await shows(transcript.getByText('Do you grind it for me?'));

    // The agent answers with Enter; Shift+Enter makes a new line instead of sending.
    agentComposer = agent.getByRole('textbox', { name: 'Message' });
    await agentComposer.fill('Yes, just tell us your brewer.');
    await agentComposer.press('Enter');
    await shows(chat.getByText('Yes, just tell us your brewer.'));
    await expectCount(transcript.getByText('Yes, just tell us your brewer.'), 1);
    // Read receipt once the visitor's widget has shown it.
    await shows(transcript.getByText('Seen'));
  });

  it('the visitor goes to another page: the panel follows, the chat survives', async () => {
    // --- B7: the visitor goes to the pricing page; the panel follows, the chat survives.
    const panel = agent.getByRole('complementary', { name: 'Visitor info' });
    await visitor.goto(`${team.server.url}/demo/pricing`);
    await shows(panel.getByRole('button', { name: /^pricing/i }));
    await panel.getByRole('button', { name: /^pricing/i }).click();
    await shows(panel.getByRole('list', { name: 'Pages this visit' }).getByRole('link', { name: /^home/i }));
    chatAfterNavigation = widget(visitor);
    const launcher = visitor.getByRole('button', { name: /^(Open|Close) chat$/ });
    await shows(launcher);
    if ((await launcher.getAttribute('aria-expanded')) !== 'true') await launcher.click();
    await shows(chatAfterNavigation.getByText('Yes, just tell us your brewer.'));
  });

  it('the agent’s network drops: what both sides wrote meanwhile arrives once', async () => {
    // --- The agent's network drops: a message written offline goes out once it is back.
    await team.owner.browser.context.setOffline(true);
    await shows(agent.getByText(/You are offline|Reconnecting/));
    await agentComposer.fill('Sent while offline.');
    await agentComposer.press('Enter');
    await shows(transcript.getByText('Sending…'));
    const visitorComposer = chatAfterNavigation.getByLabel('Your message', { exact: true });
    await visitorComposer.fill('Great, a Moka pot.');
    await visitorComposer.press('Enter');
    // The visitor's message has reached the server while the agent is still offline.
    await shows(chatAfterNavigation.getByText('Great, a Moka pot.'));
    await gone(chatAfterNavigation.getByText('Sending…'));
    await team.owner.browser.context.setOffline(false);
    await shows(chatAfterNavigation.getByText('Sent while offline.'), 30_000);
    await shows(transcript.getByText('Great, a Moka pot.'), 30_000);
    await gone(agent.getByText(/You are offline|Reconnecting/), 30_000);
    await gone(transcript.getByText('Sending…'));
    await expectCount(transcript.getByText('Sent while offline.'), 1);
    await expectCount(chatAfterNavigation.getByText('Sent while offline.'), 1);
    await expectCount(transcript.getByText('Great, a Moka pot.'), 1);
  });

  it('the visitor closes the page: the agent sees them leave', async () => {
    // --- The visitor closes the page: the agent sees them leave (white dot).
    await visitor.close({ runBeforeUnload: true });
    const chatRegion = agent.getByRole('region', { name: /^Chat with / });
    await shows(chatRegion.getByRole('img', { name: 'Left the site' }), 75_000);
  });

  it('the Archive finds the chat by a word from it and opens it read-only', async () => {
    // --- B3: the Archive finds the chat by a word from it; the transcript opens read-only.
    await agent.getByRole('link', { name: 'Archive' }).click();
    await shows(heading(agent, 'Archive'));
    await agent.getByRole('searchbox', { name: 'Search' }).fill('Moka');
    await agent.getByRole('button', { name: 'Search' }).click();
    const results = agent.getByRole('list', { name: 'Conversations found' });
    await shows(results.getByRole('link'));
    await expectCount(results.getByRole('link'), 1);
    await results.getByRole('link').click();
    await shows(agent.getByRole('log', { name: 'Messages' }).getByText('Great, a Moka pot.'));
    await shows(agent.getByText('Read-only transcript from the Archive.'));
    expect(await agent.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
  });
});
