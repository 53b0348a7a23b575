import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { heading, shows, widget } from '../support/console';
import { AGENT as agent, useTeam } from '../support/team';

// Issue 18 end to end: a visitor's chat on /demo, answered by the owner, reaches the Statistics report
// through the scheduled rollup; the report is filtered by period and channel (kept in the URL), a
// chart is switched to its table view, and a table is exported as CSV. Found by role and name.

const { available } = chromiumAvailability();
const CHANNEL = 'Stats shop';

describe.skipIf(!available)('Statistics', () => {
  const team = useTeam({ agent, websiteChannel: CHANNEL, visitor: {} });
  let page: Page;
  beforeAll(() => {
    page = team.owner.page;
  });

  it('a visitor’s chat, answered by the owner, shows in the report', async () => {
    const visitor = team.visitor.page;
    await visitor.goto(`${team.server.url}/demo`);
    const launcher = visitor.getByRole('button', { name: 'Open chat' });
    await shows(launcher);
    await launcher.click();
    const visitorComposer = widget(visitor).getByLabel('Your message', { exact: true });
    await shows(visitorComposer);
    await visitorComposer.fill('How long does delivery take?');
    await visitorComposer.press('Enter');
    const card = page.getByRole('article', { name: /^Chat request from / });
    await shows(card);
    await card.getByRole('button', { name: 'Chat' }).click();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Two working days.');
    await composer.press('Enter');
    await shows(widget(visitor).getByText('Two working days.'));

    await page.getByRole('link', { name: 'Statistics', exact: true }).click();
    await shows(heading(page, 'Statistics'));
    await page.getByRole('combobox', { name: 'Period' }).selectOption({ label: 'Today' });
    // The rollup job runs every 30 s, once across processes: reload until the chat is counted.
    const channels = page.getByRole('table', { name: 'Channels' });
    // Counted as answered: its first response shows (a run between the visitor's message and the
    // reply counts the chat unanswered first, with "—"; the next run, up to 30 s later, fixes it).
    const counted = channels.getByRole('row', { name: new RegExp(`^${CHANNEL} 1 0 \\d`) });
    const deadline = Date.now() + 90_000;
    while (!(await counted.isVisible())) {
      if (Date.now() > deadline) throw new Error('the chat was not counted within 90 s');
      await page.reload();
      await shows(channels);
    }
  });

  it('filters by channel and period, kept in the URL', async () => {
    await page.getByRole('combobox', { name: 'Channel' }).selectOption({ label: CHANNEL });
    await shows(
      page.getByRole('table', { name: 'Channels' }).getByRole('row', { name: new RegExp(`^${CHANNEL} 1 `) }),
    );
    const url = new URL(page.url());
    expect(url.searchParams.get('period')).toBe('today');
    expect(url.searchParams.get('channel')).toBeTruthy();
    await page.reload();
    await shows(heading(page, 'Statistics'));
    await shows(page.getByRole('table', { name: 'Channels' }));
    expect(await page.getByRole('combobox', { name: 'Channel' }).inputValue()).toBe(
      url.searchParams.get('channel'),
    );
    expect(await page.getByRole('combobox', { name: 'Period' }).inputValue()).toBe('today');
  });

  it('a chart shows its table view', async () => {
    const section = page.getByRole('region', { name: 'Chats over time' });
    await shows(section);
    expect(await section.getByRole('table').count()).toBe(0);
    await section.getByRole('button', { name: 'Show table' }).click();
    const table = section.getByRole('table', { name: 'Chats over time' });
    await shows(table);
    // Today, by local hour: a row per hour, and the chat in one of them.
    expect(await table.getByRole('row').count()).toBeGreaterThanOrEqual(24);
    await shows(section.getByRole('button', { name: 'Show chart', pressed: true }));
    // Ratings: stars 1–5 and the thumbs scale, as a table too (nobody rated this chat).
    const ratings = page.getByRole('region', { name: 'Ratings' });
    await ratings.getByRole('button', { name: 'Show table' }).click();
    await shows(ratings.getByRole('table', { name: 'Ratings' }).getByRole('row', { name: '5 stars 0' }));
  });

  it('exports the channel table as CSV', async () => {
    const section = page.getByRole('region', { name: 'Channels' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const file = await download.path();
    const csv = await readFile(file, 'utf8');
    const [header, row] = csv.trim().split('\n');
    expect(header).toMatch(/^id,name,chats,answered,missed/);
    expect(row).toContain(`${CHANNEL},1,1,0`);
  });

  it('an agent sees only their own figures, without the agent filter', async () => {
    const agentPage = team.agent.page;
    await agentPage.getByRole('link', { name: 'Statistics', exact: true }).click();
    await shows(heading(agentPage, 'Statistics'));
    await shows(agentPage.getByRole('combobox', { name: 'Period' }));
    expect(await agentPage.getByRole('combobox', { name: 'Agent' }).count()).toBe(0);
    await shows(agentPage.getByText(/Your own chats and response times/));
  });
});
