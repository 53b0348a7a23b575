import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { expectCount, heading, shows, widget } from '../support/console';
import { AGENT as agent, OWNER as owner, useTeam } from '../support/team';

// The console's chat tools end to end, with a visitor on /demo and two agents in two browsers, one `it`
// per tool (they build on each other: the chat the visitor starts is the one every later tool uses):
// a canned response sent with `/bye` (C9, hotkey conflicts J5), emoji in both composers (C10), a
// reminder that fires (C1), a transfer with a comment the other agent sees (C2), the typing assistant
// (C12), a private note whose @mention notifies (C13), the `?` overlay (J5), ban → unban (C4) and
// visitor tags, renamed in Manage → Tags (C5). Found by role and accessible name.

const { available } = chromiumAvailability();

describe.skipIf(!available)('chat tools', () => {
  const team = useTeam({ agent, websiteChannel: 'Northwind shop', visitor: {} });
  let page: Page;
  let agentPage: Page;
  let visitor: Page;
  let visitorName = '';
  let visitorComposer: Locator;
  let composer: Locator;
  let transcript: Locator;
  let agentTranscript: Locator;

  beforeAll(() => {
    page = team.owner.page;
    agentPage = team.agent.page;
    visitor = team.visitor.page;
  });

  it('a team canned response is added; a hotkey the console uses is refused', async () => {
    // --- C9: a team canned response with a placeholder (HTML in it stays text).
    await page.getByRole('link', { name: 'Canned responses', exact: true }).click();
    await shows(heading(page, 'Canned responses'));
    await page.getByLabel('Shortcut', { exact: true }).fill('bye');
    await page
      .getByLabel('Text', { exact: true })
      .fill('Goodbye {{visitor.name}}, thanks for visiting <b>Northwind</b>!');
    await page.getByRole('button', { name: 'Add response' }).click();
    await shows(page.getByRole('cell', { name: '/bye' }));
    // J5: a hotkey already taken by a console shortcut is refused on the spot.
    const hotkey = page.getByLabel('Hotkey (optional)', { exact: true });
    await hotkey.press('Alt+T');
    await shows(page.getByText('Already used by: Transfer the chat. Pick other keys.'));
    await hotkey.press('Backspace');
  });

  it('a visitor on /demo starts a chat and the owner takes it', async () => {
    // --- A visitor on /demo starts a chat; the owner takes it.
    await visitor.goto(`${team.server.url}/demo`);
    const launcher = visitor.getByRole('button', { name: 'Open chat' });
    await shows(launcher);
    await launcher.click();
    visitorComposer = widget(visitor).getByLabel('Your message', { exact: true });
    await shows(visitorComposer);
    await visitorComposer.fill('Is the shop open on Sunday?');
    await visitorComposer.press('Enter');
    const card = page.getByRole('article', { name: /^Chat request from / });
    await shows(card);
    await card.getByRole('button', { name: 'Chat' }).click();
    transcript = page.getByRole('log', { name: 'Messages' });
    await shows(transcript.getByText('Is the shop open on Sunday?'));
    visitorName = (await page.getByRole('heading', { level: 1 }).textContent())?.trim() ?? '';
    expect(visitorName).not.toBe('');
  });

  it('a canned response: `/by` lists it, Enter expands the visitor’s name, Enter sends it', async () => {
    // `/by` opens the list; Enter expands the response with the visitor's name; Enter sends it.
    composer = page.getByRole('textbox', { name: 'Message' });
    await composer.pressSequentially('/by');
    const list = page.getByRole('listbox', { name: 'Canned responses' });
    await shows(list.getByRole('option', { name: /\/bye/ }));
    await composer.press('Enter');
    const expanded = `Goodbye ${visitorName}, thanks for visiting <b>Northwind</b>!`;
    expect(await composer.inputValue()).toBe(expanded);
    await composer.press('Enter');
    await shows(transcript.getByText(expanded));
    await shows(widget(visitor).getByText(expanded));
    expect(await composer.inputValue()).toBe('');
  });

  it('emoji: the picker in the widget and in the console', async () => {
    // --- C10: the emoji picker (loaded on first use) in the widget and in the console.
    await widget(visitor).getByRole('button', { name: 'Insert emoji' }).click();
    const visitorPicker = widget(visitor).getByRole('dialog', { name: 'Insert emoji' });
    await visitorPicker.getByRole('combobox').fill('thumbs up');
    await visitorPicker
      .getByRole('option', { name: /thumbs up/i })
      .first()
      .click();
    await expect.poll(() => visitorComposer.inputValue()).toContain('👍');
    await visitorComposer.press('Enter');
    await shows(transcript.getByText('👍'));
    await page.getByRole('button', { name: 'Insert emoji' }).click();
    const agentPicker = page.getByRole('dialog', { name: 'Emoji' });
    await agentPicker.getByRole('combobox').fill('sunflower');
    await agentPicker
      .getByRole('option', { name: /sunflower/i })
      .first()
      .click();
    await expect.poll(() => composer.inputValue()).toBe('🌻');
    await composer.fill('');
  });

  it('a reminder fires as a notification and moves to Done', async () => {
    // --- C1: a reminder a few seconds ahead fires as an in-app notification.
    await page.getByRole('button', { name: 'Remind', exact: true }).click();
    const remind = page.getByRole('dialog', { name: 'Set a reminder' });
    await remind.getByLabel('Remind about').fill('Call back about Sunday hours');
    const soon = await page.evaluate(() => {
      const d = new Date(Date.now() + 6_000);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    });
    await remind.getByLabel('When').fill(soon);
    await remind.getByRole('button', { name: 'Set reminder' }).click();
    const fired = page.getByRole('alert', { name: 'Reminder' });
    await shows(fired.getByText('Call back about Sunday hours'), 30_000);
    await fired.getByRole('button', { name: 'Mark done' }).click();
    await page.getByRole('link', { name: 'Reminders', exact: true }).click();
    await shows(heading(page, 'Reminders'));
    const done = page.getByRole('region', { name: 'Done' });
    await shows(done.getByRole('cell', { name: 'Call back about Sunday hours' }));
    await page.goBack();
  });

  it('a transfer with a comment: the agent is told, the visitor never sees the comment', async () => {
    // --- C2: transfer to the agent with a comment.
    await page.getByRole('button', { name: 'Transfer', exact: true }).click();
    const transfer = page.getByRole('dialog', { name: 'Transfer the chat' });
    await transfer.getByLabel('Agent', { exact: true }).selectOption({ label: `${agent.name} (online)` });
    await transfer
      .getByLabel('Comment for the agent (optional)')
      .fill('VIP customer, asks about Sunday hours');
    await transfer.getByRole('button', { name: 'Transfer', exact: true }).click();
    await shows(heading(page, 'My chats'));
    await expectCount(page.getByRole('link', { name: new RegExp(visitorName) }), 0);

    // The agent is told, with the comment, and the chat is theirs.
    const notice = agentPage.getByRole('alert', { name: `${owner.name} transferred a chat to you` });
    await shows(notice.getByText('VIP customer, asks about Sunday hours'));
    await notice.getByRole('button', { name: 'Open chat' }).click();
    agentTranscript = agentPage.getByRole('log', { name: 'Messages' });
    await shows(agentTranscript.getByText('Is the shop open on Sunday?'));
    await shows(agentTranscript.getByText('VIP customer, asks about Sunday hours'));
    await shows(agentTranscript.getByText('Private note'));
    await shows(agentPage.getByRole('textbox', { name: 'Message' }));
    await agentPage.getByRole('link', { name: 'My chats', exact: false }).first().click();
    await shows(agentPage.getByRole('link', { name: new RegExp(visitorName) }));
    // The visitor never sees the comment.
    await shows(widget(visitor).getByText(`${agent.name} will continue this chat`));
    expect(await widget(visitor).getByText('VIP customer').count()).toBe(0);
  });

  it('the typing assistant offers a sentence sent twice as ghost text', async () => {
    await agentPage
      .getByRole('link', { name: new RegExp(visitorName) })
      .first()
      .click();
    // --- C12: a sentence the agent sent twice is offered as ghost text; Tab takes it.
    const agentComposer = agentPage.getByRole('textbox', { name: 'Message' });
    for (let i = 0; i < 2; i++) {
      await agentComposer.fill('Thank you for waiting, I am checking.');
      await agentComposer.press('Enter');
      await expectCount(agentTranscript.getByText('Thank you for waiting, I am checking.'), i + 1);
    }
    await agentComposer.pressSequentially('Thank y');
    await shows(agentPage.getByRole('status').getByText(/Suggestion: …ou for waiting, I am checking\./));
    await agentComposer.press('Tab');
    await expect.poll(() => agentComposer.inputValue()).toBe('Thank you for waiting, I am checking.');
    await agentComposer.fill('');
  });

  it('a private note’s @mention notifies the owner, not the visitor', async () => {
    // --- C13: the agent writes a private note mentioning the owner, picked from the autocomplete.
    await agentPage.getByRole('button', { name: 'Note', exact: true }).click();
    const noteDialog = agentPage.getByRole('dialog', { name: 'Private note' });
    const noteBox = noteDialog.getByRole('textbox', { name: 'Note' });
    await noteBox.pressSequentially('Ask @Oli');
    await shows(noteDialog.getByRole('option', { name: owner.name }));
    await noteBox.press('Enter');
    await noteBox.pressSequentially('about the discount');
    expect(await noteBox.inputValue()).toBe(`Ask @${owner.name} about the discount`);
    await noteDialog.getByRole('button', { name: 'Add note' }).click();
    await shows(agentTranscript.getByText(`Ask @${owner.name} about the discount`));
    const mention = page.getByRole('alert', { name: `${agent.name} mentioned you` });
    await shows(mention.getByText(`Ask @${owner.name} about the discount`));
    expect(await widget(visitor).getByText('about the discount').count()).toBe(0);
  });

  it('`?` lists the keyboard shortcuts', async () => {
    // --- J5: `?` outside a text field lists the shortcuts.
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('?');
    const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await shows(overlay.getByRole('cell', { name: 'Transfer the chat' }));
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'hidden' });
  });

  it('a ban tells the visitor at once; the owner lifts it in CRM → Bans', async () => {
    // --- C4: the agent bans the visitor from the chat; the owner lifts it in CRM → Bans.
    await agentPage.getByRole('button', { name: 'Ban', exact: true }).click();
    const banDialog = agentPage.getByRole('dialog', { name: 'Ban this visitor' });
    await banDialog.getByLabel('Reason').fill('Spam <script>alert(1)</script>');
    await banDialog.getByRole('button', { name: 'Ban', exact: true }).click();
    await banDialog.waitFor({ state: 'hidden' });
    // The visitor's open widget says so at once.
    await shows(widget(visitor).getByText('Chat is unavailable.'));
    await page.getByRole('link', { name: 'Bans', exact: true }).click();
    await shows(heading(page, 'Bans'));
    await shows(page.getByRole('cell', { name: 'Spam <script>alert(1)</script>' }));
    await page.getByRole('button', { name: 'Unban: Spam <script>alert(1)</script>' }).click();
    await page.getByRole('dialog', { name: 'Lift this ban?' }).getByRole('button', { name: 'Unban' }).click();
    await shows(page.getByText('Nobody is banned.'));
  });

  it('a visitor tag, renamed and recoloured in Manage → Tags, shows on the record', async () => {
    // --- C5: tag the visitor on their CRM record.
    await page.getByRole('link', { name: 'Visitors', exact: true }).click();
    await page.getByRole('link', { name: visitorName }).first().click();
    await page.getByLabel('Add a tag to this visitor').fill('vip');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await shows(page.getByRole('button', { name: 'Remove tag vip' }));
    // The owner renames it in Manage → Tags (HTML in the name stays text); the record shows the new name.
    await page.getByRole('link', { name: 'Tags', exact: true }).click();
    await shows(heading(page, 'Tags'));
    await page.getByLabel('Name of tag vip', { exact: true }).fill('VIP <b>gold</b>');
    await page.getByRole('button', { name: 'Save tag vip', exact: true }).click();
    await shows(page.getByRole('textbox', { name: 'Name of tag VIP <b>gold</b>', exact: true }));
    // A colour saves itself once the picker rests (as in Customer processes): it survives a reload.
    await page.getByLabel('Colour of tag VIP <b>gold</b>', { exact: true }).fill('#d62828');
    const tagRow = page.getByRole('listitem').filter({ has: page.getByLabel('Save tag VIP <b>gold</b>') });
    await expect
      .poll(() => tagRow.locator('.chat-tag-dot').evaluate((dot) => getComputedStyle(dot).backgroundColor))
      .toBe('rgb(214, 40, 40)');
    await page.reload();
    await expect
      .poll(() => page.getByLabel('Colour of tag VIP <b>gold</b>', { exact: true }).inputValue())
      .toBe('#d62828');
    await page.goBack();
    await shows(page.getByRole('button', { name: 'Remove tag VIP <b>gold</b>', exact: true }));
  });
});
