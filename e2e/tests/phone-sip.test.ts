import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe';
import { chromiumAvailability, launchBrowser, type TBrowser } from '../support/browser';
import { heading, shows } from '../support/console';
import { kamailioAvailability, startKamailio, type TKamailio } from '../support/kamailio';
import {
  buildSoftphonePage,
  type TPageCall,
  type TPageModule,
  type TPageSoftphone,
  type TSoftphonePage,
} from '../support/softphone-build';
import { AGENT, useTeam } from '../support/team';

// H2, the softphone model end to end: the owner adds the built-in SIP phone channel (phone-sip) in
// Integrations with the test Kamailio's WebSocket URL and its auth_ephemeral shared secret; the agent's
// console registers with short-lived credentials from the API; the customer's phone calls the agent:
// the call card rings, the agent accepts, audio arrives (getStats), hang-up, the record is in Recent
// calls; then the agent dials the customer from the dial pad and the customer answers.
//
// The customer's phone is a second Chromium running the softphone module (JsSIP) as a plain SIP
// user agent registered with a fixed password, not sipp: sipp offers plain RTP/AVP without ICE or
// DTLS-SRTP, which a browser refuses, so sipp ↔ browser audio needs a media relay (rtpengine) in
// Kamailio, which this test setup does not have yet.

const chromium = chromiumAvailability();
const kamailio = kamailioAvailability({ ephemeral: true });
const SECRET = 'e2e-autheph-secret-0123456789';
const CUSTOMER = { user: 'customer', password: 'customer-secret-1' };

/** Every RTCPeerConnection the console makes, for getStats() from the test. */
const RECORD_PEERS = () => {
  const Original = window.RTCPeerConnection;
  const peers: RTCPeerConnection[] = [];
  (window as unknown as { __peers: RTCPeerConnection[] }).__peers = peers;
  window.RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) {
      super(config);
      peers.push(this);
    }
  };
};

type TStats = { received: number; packetsReceived: number };

const consoleInbound = (page: Page) =>
  page.evaluate(async (): Promise<TStats> => {
    const out = { received: 0, packetsReceived: 0 };
    for (const pc of (window as unknown as { __peers?: RTCPeerConnection[] }).__peers ?? [])
      (await pc.getStats()).forEach((r: { type: string; kind?: string } & Record<string, number>) => {
        if (r.kind === 'audio' && r.type === 'inbound-rtp') {
          out.received += r.bytesReceived ?? 0;
          out.packetsReceived += r.packetsReceived ?? 0;
        }
      });
    return out;
  });

type TPhoneWindow = {
  parleySoftphone: TPageModule;
  phone: TPageSoftphone;
  call?: TPageCall;
};

const customerState = (page: Page) =>
  page.evaluate(() => (window as unknown as TPhoneWindow).call?.state.kind ?? 'none');

describe.skipIf(!chromium.available || !kamailio.available)('phone channel, SIP softphone model (H2)', () => {
  const team = useTeam({ agent: AGENT });
  let server: TKamailio;
  let phonePage: TSoftphonePage;
  let customerBrowser: TBrowser;
  let customer: Page;
  let agent: Page;

  beforeAll(async () => {
    [server, phonePage, customerBrowser] = await Promise.all([
      startKamailio({ users: [CUSTOMER], ephemeralSecret: SECRET }),
      buildSoftphonePage(),
      launchBrowser(),
    ]);
    customer = await customerBrowser.context.newPage();
    agent = team.agent.page;
    await team.agent.browser.context.addInitScript(RECORD_PEERS);
  });
  afterAll(async () => {
    await Promise.allSettled([customerBrowser?.close(), phonePage?.close()]);
    await server?.stop();
  });
  const dump = () => server.output().slice(-3000);

  it('the owner adds the SIP channel; the shared secret is never shown back', async () => {
    const page = team.owner.page;
    await page.getByRole('link', { name: 'Channels', exact: true }).click();
    await page.getByRole('link', { name: /^Add email, Telegram/ }).click();
    await shows(heading(page, 'Add channel'));
    await page.getByRole('radio', { name: 'SIP phone (WebSocket)', exact: true }).check();
    await page.getByLabel('Channel name', { exact: true }).fill('Office phone');
    await page.getByLabel('WebSocket URL of the SIP server (wss://sip.example.com:7443)').fill(server.wsUrl);
    await page.getByLabel('SIP domain (the part after @ in sip:agent@domain)').fill(server.domain);
    await page.getByLabel('Shared secret for short-lived credentials (Kamailio auth_ephemeral)').fill(SECRET);
    await page.getByRole('button', { name: 'Add channel', exact: true }).click();
    await shows(page.getByRole('heading', { name: 'Channel added' }));
    expect(await page.content()).not.toContain(SECRET);
  });

  it('the agent’s console registers with short-lived credentials', async () => {
    await agent.reload();
    await agent.getByRole('link', { name: 'Call', exact: true }).click();
    await shows(heading(agent, 'Call'));
    await shows(
      agent.getByRole('status').getByText('Browser phone: Registered: calls ring in this browser'),
      20_000,
    ).catch(async (error) => {
      const shown = await agent.getByRole('status').allTextContents();
      throw new Error(`${error}\nstatus: ${shown.join(' | ')}\n${dump()}`);
    });
    await expectNoAxeViolations(agent, 'Call section with a SIP channel');
  });

  it('the customer calls: the card rings, Accept connects with audio, hang-up is recorded', async () => {
    await customer.goto(phonePage.url);
    await customer.waitForSelector('body[data-ready="true"]');
    const me = await agent.evaluate(async () => {
      const body = await (await fetch('/trpc/auth.me')).json();
      const data = body.result.data;
      return (data.json ?? data) as { id: string };
    });
    const agentUser = `agent-${me.id.replace(/-/g, '')}`;
    await customer.evaluate(
      async ({ wsUrl, domain, user, password }) => {
        const w = window as unknown as TPhoneWindow;
        w.phone = w.parleySoftphone.createSoftphone({
          wsServers: [wsUrl],
          uri: `sip:${user}@${domain}`,
          password,
          displayName: 'Customer',
          iceServers: [],
          audioElement: document.getElementById('remote') as HTMLAudioElement,
          devices: { microphoneId: '', speakerId: '' },
        });
        w.phone.onIncoming((call) => {
          w.call = call;
        });
        await w.phone.register();
      },
      { wsUrl: server.wsUrl, domain: server.domain, ...CUSTOMER },
    );
    // The card's call.ringing comes over the WebSocket; the answer to the softphone's `incoming` report
    // (which tells it the call's id) is held back here, so Accept is clicked before the softphone knows
    // the call: it must still answer the SIP session, not take the bridge path and show an error.
    const softphoneEvent = /\/trpc\/[^?]*calls\.softphoneEvent/;
    await agent.route(softphoneEvent, async (route) => {
      const response = await route.fetch();
      if (route.request().postData()?.includes('"incoming"')) await new Promise((r) => setTimeout(r, 2_000));
      await route.fulfill({ response });
    });
    await customer.evaluate(async (target) => {
      const w = window as unknown as TPhoneWindow;
      w.call = await w.phone.call(target);
    }, agentUser);

    const card = agent.getByRole('article', { name: /^Call from / });
    await shows(card, 15_000).catch((error) => {
      throw new Error(`${error}\n${dump()}`);
    });
    await shows(card.getByText('Incoming phone call'));
    await card.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => customerState(customer), { timeout: 15_000 }).toBe('in-call');
    // Reports after `incoming` may still be in the handler: let them finish, or their fulfil throws.
    await agent.unrouteAll({ behavior: 'wait' });
    expect(await agent.getByRole('region', { name: 'Incoming calls' }).getByRole('alert').count()).toBe(0);
    await shows(
      agent
        .getByRole('region', { name: /^Call with / })
        .getByRole('status')
        .getByText('Connected'),
    );
    await expect
      .poll(async () => (await consoleInbound(agent)).packetsReceived, { timeout: 15_000 })
      .toBeGreaterThan(10);

    await agent
      .getByRole('region', { name: /^Call with / })
      .getByRole('button', { name: 'Hang up' })
      .click();
    await expect.poll(() => customerState(customer), { timeout: 10_000 }).toBe('ended');
    await agent.getByRole('link', { name: 'Call', exact: true }).click();
    const row = agent.getByRole('table', { name: 'Recent calls' }).getByTestId('recent-call').first();
    await shows(row.getByRole('cell', { name: 'Incoming' }));
    await shows(row.getByRole('cell', { name: 'Answered' }));
  });

  it('the agent dials the customer from the pad and the customer answers', async () => {
    await agent.getByLabel('Number to call').fill(CUSTOMER.user);
    await agent.getByRole('button', { name: 'Call', exact: true }).click();
    await expect.poll(() => customerState(customer), { timeout: 15_000 }).toBe('ringing');
    await customer.evaluate(() => (window as unknown as TPhoneWindow).call?.accept());
    await shows(agent.getByRole('status').getByText('Connected to customer.'), 15_000);
    await agent.getByRole('status').getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => customerState(customer), { timeout: 10_000 }).toBe('ended');
    const row = agent.getByRole('table', { name: 'Recent calls' }).getByTestId('recent-call').first();
    await shows(row.getByRole('cell', { name: 'Outgoing' }));
    await shows(row.getByRole('cell', { name: 'Answered' }));
  });
});
