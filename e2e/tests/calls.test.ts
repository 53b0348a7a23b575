import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { gone, heading, shows } from '../support/console';
import { useTeam } from '../support/team';
import { eventually } from '../support/widget';

// H1: a voice call from the widget on a shop of another site (`localhost:<port>`, Parley on
// `127.0.0.1:<port>`) to the agent's console, in Chromium with a fake microphone. Audio is checked
// with getStats() on both ends (inbound-rtp bytes); mute is checked by the visitor's outbound
// packets stopping; hang-up ends both sides and leaves the record in both transcripts and the
// Archive. Then a call nobody answers becomes a missed call.

const { available } = chromiumAvailability();
/** `E2E_SCREENSHOTS=<dir>`: both screens during the call. */
const SHOTS = process.env.E2E_SCREENSHOTS;

/** Every RTCPeerConnection a page (or a frame of it) makes, for getStats() from the test. */
const RECORD_PEERS = `(() => {
  const Original = window.RTCPeerConnection;
  if (!Original) return;
  window.__peers = [];
  window.RTCPeerConnection = class extends Original {
    constructor(...args) { super(...args); window.__peers.push(this); }
  };
})();`;

type TAudioStats = { received: number; sent: number; packetsSent: number };

async function audioStats(target: Page | Frame): Promise<TAudioStats> {
  return target.evaluate(async () => {
    const peers = (window as unknown as { __peers?: RTCPeerConnection[] }).__peers ?? [];
    const pc = peers.at(-1);
    const out = { received: 0, sent: 0, packetsSent: 0 };
    if (!pc) return out;
    (await pc.getStats()).forEach((r: { type: string; kind?: string } & Record<string, number>) => {
      if (r.kind !== 'audio') return;
      if (r.type === 'inbound-rtp') out.received += r.bytesReceived ?? 0;
      if (r.type === 'outbound-rtp') {
        out.sent += r.bytesSent ?? 0;
        out.packetsSent += r.packetsSent ?? 0;
      }
    });
    return out;
  });
}

function startShop(snippet: string): Promise<http.Server> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Shop</title><h1>Shop</h1>${snippet}`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(!available)('calls from the widget (H1)', () => {
  const team = useTeam({ websiteChannel: 'Northwind shop', visitor: {} });
  let shop: http.Server | undefined;
  let agent: Page;
  let visitor: Page;
  const frameOf = () => {
    const frame = visitor.frames().find((f) => f.url().includes('/widget/frame.html'));
    if (!frame) throw new Error('no widget frame');
    return frame;
  };
  const chat = () => visitor.getByTitle('Chat', { exact: true }).contentFrame();

  beforeAll(async () => {
    agent = team.owner.page;
    visitor = team.visitor.page;
    await team.owner.browser.context.addInitScript(RECORD_PEERS);
    await team.visitor.browser.context.addInitScript(RECORD_PEERS);
    // Init scripts apply to documents loaded from now on; the console is a single-page app.
    await agent.reload();
  });
  afterAll(() => {
    shop?.close();
  });

  it('an admin lets visitors call from the widget (channel settings)', async () => {
    await shows(heading(agent, 'Northwind shop'));
    await agent.getByRole('checkbox', { name: /Let visitors call the agents/ }).check();
    await agent.getByLabel('Ring for (seconds)', { exact: true }).fill('10');
    await agent.getByRole('button', { name: 'Save changes' }).click();
    await shows(agent.getByText('Saved.'));
    const snippet = await agent.getByRole('textbox', { name: 'Snippet' }).inputValue();
    shop = await startShop(snippet);
    await agent.getByRole('link', { name: /^Inbox/ }).click();
    await shows(heading(agent, 'Inbox'));
  });

  it('the visitor calls; the agent accepts; audio flows both ways; the agent keeps chatting', async () => {
    if (!shop) throw new Error('the shop did not start');
    const shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}/`;
    await visitor.goto(shopUrl);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    const callButton = chat().getByRole('button', { name: 'Call', exact: true });
    await shows(callButton);
    await callButton.click();
    await shows(chat().getByRole('region', { name: 'Call' }).getByText('Calling…'));

    const card = agent.getByRole('article', { name: /^Call from / });
    await shows(card);
    await card.getByRole('button', { name: 'Accept' }).click();
    const bar = agent.getByRole('region', { name: /^Call with / });
    await shows(bar);
    await shows(bar.getByText('Connected'));
    await gone(card);
    await shows(chat().getByText('In a call with Olivia Owner'));

    // Audio both ways: each end receives RTP audio from the other.
    await eventually(async () => (await audioStats(frameOf())).received > 0);
    await eventually(async () => (await audioStats(agent)).received > 0);
    await shows(chat().getByRole('timer', { name: 'Call duration' }));
    expect(await bar.getByRole('timer').textContent()).toMatch(/^\d+:\d\d$/);

    if (SHOTS) {
      await agent.screenshot({ path: `${SHOTS}/call-agent.png` });
      await visitor.screenshot({ path: `${SHOTS}/call-visitor.png` });
    }

    // The agent took the chat with the call and writes in it meanwhile.
    const composer = agent.getByRole('textbox', { name: 'Message' });
    await composer.fill('I can hear you. Here is the link too.');
    await composer.press('Enter');
    await shows(chat().getByText('I can hear you. Here is the link too.'));
  });

  it('mute stops the visitor’s outbound audio; unmute resumes it', async () => {
    const mute = chat().getByRole('button', { name: 'Mute' });
    await mute.click();
    await expect.poll(() => mute.getAttribute('aria-pressed')).toBe('true');
    // Muted: two samples a second apart show no new packets (waited for, not assumed).
    await eventually(async () => {
      const before = (await audioStats(frameOf())).packetsSent;
      await new Promise((r) => setTimeout(r, 1000));
      return (await audioStats(frameOf())).packetsSent === before;
    });
    await mute.click();
    const resumedFrom = (await audioStats(frameOf())).packetsSent;
    await eventually(async () => (await audioStats(frameOf())).packetsSent > resumedFrom);
  });

  it('the agent reloads mid-call: both show reconnecting, the visitor restarts ICE, audio is back', async () => {
    await agent.reload();
    const bar = agent.getByRole('region', { name: /^Call with / });
    await shows(bar);
    await shows(chat().getByText('Reconnecting…'), 30_000);
    await shows(bar.getByText('Connected'), 30_000);
    await shows(chat().getByText('In a call with Olivia Owner'));
    await eventually(async () => (await audioStats(agent)).received > 0);
  });

  it('hang-up ends the call on both sides; the record is in both transcripts and the Archive', async () => {
    const bar = agent.getByRole('region', { name: /^Call with / });
    await bar.getByRole('button', { name: 'Hang up' }).click();
    await gone(bar);
    await shows(chat().getByText(/^The call has ended \(\d+:\d\d\)\.$/));
    await shows(
      chat()
        .getByRole('log')
        .getByText(/^Call, \d+:\d\d$/),
    );
    await shows(agent.getByRole('log', { name: 'Messages' }).getByText(/Call with Olivia Owner, \d+:\d\d/));

    await agent.getByRole('link', { name: 'Archive', exact: true }).click();
    await shows(heading(agent, 'Archive'));
    await agent.getByLabel('Calls', { exact: true }).selectOption({ label: 'Answered call' });
    await shows(agent.getByRole('list', { name: 'Conversations found' }).getByRole('link').first());
    await agent.getByLabel('Calls', { exact: true }).selectOption({ label: 'Missed or declined call' });
    await shows(agent.getByText('No conversations found'));
  });

  it('a call nobody answers in time is missed: the visitor is asked to write instead', async () => {
    await chat().getByRole('button', { name: 'Dismiss' }).click();
    await chat().getByRole('button', { name: 'Call', exact: true }).click();
    const card = agent.getByRole('article', { name: /^Call from / });
    await shows(card);
    // Nobody answers: after the channel's 10 s the scheduler marks it missed, once.
    await shows(chat().getByText(/No one could answer the call/), 30_000);
    await gone(card);
    await shows(chat().getByRole('log').getByText('Missed call'));
    await shows(agent.getByText('No conversations found'));
    // The Archive searches when asked: the filter is in the URL, so a reload runs it again.
    await agent.reload();
    await expect.poll(() => agent.getByLabel('Calls', { exact: true }).inputValue()).toBe('missed');
    await shows(agent.getByRole('list', { name: 'Conversations found' }).getByRole('link').first());
  });
  it('the visitor leaves the page mid-call: the call ends on the agent’s side too', async () => {
    await chat().getByRole('button', { name: 'Dismiss' }).click();
    await chat().getByRole('button', { name: 'Call', exact: true }).click();
    const card = agent.getByRole('article', { name: /^Call from / });
    await card.getByRole('button', { name: 'Accept' }).click();
    const bar = agent.getByRole('region', { name: /^Call with / });
    await shows(bar.getByText('Connected'));
    // A full page load (not the SPA navigation the loader follows) takes the call with the page.
    await visitor.reload();
    await gone(bar);
    await shows(visitor.getByRole('button', { name: /chat/i }).first());
  });
});
