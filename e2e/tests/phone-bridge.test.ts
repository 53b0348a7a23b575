import { type FakeTwilio, startFakeTwilio } from '@parley/integrations/testing/providers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe';
import { chromiumAvailability } from '../support/browser';
import { heading, shows } from '../support/console';
import { useTeam } from '../support/team';

// H2 in the console, the provider-bridged model against a local fake of Twilio Programmable Voice:
// the owner adds the Twilio channel through the form, sets their own phone, dials from the pad (typed,
// with the keypad, a bad number refused first); the fake rings "the agent's phone", fetches the
// bridge TwiML and sends its signed status callbacks; the call shows in Recent calls with its
// duration and outcome. Axe on the Call section.

const { available } = chromiumAvailability();

const accountSid = `AC${'e2'.repeat(16)}`;
const authToken = 'e2e-twilio-auth-token-01';
const phoneNumber = '+15017122661';

describe.skipIf(!available)('phone channel, bridge model (H2)', () => {
  const team = useTeam();
  let page: Page;
  let twilio: FakeTwilio;

  beforeAll(async () => {
    twilio = await startFakeTwilio({ accountSid, authToken, phoneNumber });
    page = team.owner.page;
  });
  afterAll(async () => {
    await twilio?.close();
  });

  it('adds the Twilio channel through the form; the auth token is never shown back', async () => {
    await page.getByRole('link', { name: 'Channels', exact: true }).click();
    await page.getByRole('link', { name: /^Add email, Telegram/ }).click();
    await shows(heading(page, 'Add channel'));
    await page.getByRole('radio', { name: 'Twilio Voice', exact: true }).check();
    await page.getByLabel('Channel name', { exact: true }).fill('Phone');
    await page.getByLabel('Account SID', { exact: true }).fill(accountSid);
    await page.getByLabel('Auth token', { exact: true }).fill(authToken);
    await page
      .getByLabel('Twilio phone number (E.164, e.g. +15017122661)', { exact: true })
      .fill(phoneNumber);
    await page.getByLabel('API URL', { exact: true }).fill(twilio.url);
    await page.getByRole('button', { name: 'Add channel', exact: true }).click();
    await shows(page.getByRole('heading', { name: 'Channel added' }));
    // connect() pointed the number's voice URL at this install.
    expect(twilio.number.voiceUrl).toMatch(new RegExp(`^${team.server.url}/hooks/[\\w-]+\\?leg=inbound$`));
    expect(await page.content()).not.toContain(authToken);
  });

  it('the owner tops up the call balance', async () => {
    await page.getByRole('link', { name: 'Call balance' }).click();
    await page.getByLabel('Amount (credits)').fill('1000');
    await page.getByRole('button', { name: 'Add credit' }).click();
    await shows(page.getByRole('status').getByText(/Credit added/));
  });

  it('dials from the pad; the provider’s callbacks complete the call; it shows in Recent calls', async () => {
    await page.getByRole('link', { name: 'Call', exact: true }).click();
    await shows(heading(page, 'Call'));
    await shows(page.getByText('No phone calls yet.'));
    await shows(page.getByText('Set your own phone number below before calling.'));

    await page.getByLabel('My phone number').fill('+90 555 111 22 33');
    await page.getByRole('button', { name: 'Save number' }).click();
    await shows(page.getByRole('status').getByText('Saved.'));
    await expect.poll(() => page.getByLabel('My phone number').inputValue()).toBe('+905551112233');

    const number = page.getByLabel('Number to call');
    // A number without its country code is refused in the browser, with a message tied to the field.
    await number.fill('0532 123 45 67');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await shows(page.getByRole('alert').getByText(/Enter the number in international form/));
    expect(await number.getAttribute('aria-invalid')).toBe('true');

    // The keypad and the keyboard together: "+" from the pad, the digits typed.
    await number.fill('');
    await page.getByRole('button', { name: 'Dial +' }).click();
    await number.focus();
    await number.press('End');
    await number.pressSequentially('90532123456');
    await page.getByRole('button', { name: 'Dial 7' }).click();
    await expect.poll(() => number.inputValue()).toBe('+905321234567');
    await expectNoAxeViolations(page, 'Call section, before calling');

    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await shows(
      page
        .getByRole('status')
        .getByText('Your phone (+905551112233) is ringing. Answer it and +905321234567 is called.'),
    );
    const created = [...twilio.calls.values()].at(-1);
    expect(created?.to).toBe('+905551112233');

    expect(await twilio.runOutbound(created!.sid, { customer: 'completed', durationSec: 42 })).toEqual([
      200, 200, 200, 200, 200,
    ]);
    const table = page.getByRole('table', { name: 'Recent calls' });
    const row = table.getByTestId('recent-call').first();
    await shows(row.getByRole('cell', { name: 'Answered' }));
    await shows(row.getByRole('cell', { name: '0:42' }));
    await shows(row.getByRole('cell', { name: 'Outgoing' }));
    await shows(row.getByRole('cell', { name: '+905321234567' }));
    // The CRM contact made for the number.
    await shows(row.getByRole('link'));
    await expectNoAxeViolations(page, 'Call section, after a call');
  });

  it('a call to the number rings the console; Accept has Twilio dial the agent’s phone', async () => {
    const rung = await twilio.ringInbound({ from: '+447700900123' });
    expect(rung.status).toBe(200);
    const card = page.getByRole('article', { name: /^Call from / });
    await shows(card);
    await card.getByRole('button', { name: 'Accept' }).click();
    // The live call got TwiML dialling the agent's own phone; no browser audio is asked for.
    await expect.poll(() => twilio.calls.get(rung.callSid)?.twiml ?? '').toContain('+905551112233');
    await twilio.finishInbound(rung.callSid, 30);
    await page.getByRole('link', { name: 'Call', exact: true }).click();
    const row = page.getByRole('table', { name: 'Recent calls' }).getByTestId('recent-call').first();
    await shows(row.getByRole('cell', { name: 'Incoming' }));
    await shows(row.getByRole('cell', { name: '0:30' }));
    await shows(row.getByRole('cell', { name: '+447700900123' }));
  });
});
