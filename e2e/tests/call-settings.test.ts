import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability, launchBrowser } from '../support/browser';
import { gone, heading, shows } from '../support/console';
import { OWNER, useTeam } from '../support/team';
import { eventually } from '../support/widget';

// H3: Settings → Calls in Chromium with fake media devices (`--use-fake-device-for-media-stream`,
// `--use-fake-ui-for-media-stream`, support/browser.ts): the browser reveals the devices once the
// microphone is allowed, a chosen microphone and ringtone are remembered after a reload, the echo
// test's level meter moves, and a microphone the browser blocks (permission denied for the origin
// through the DevTools protocol) gives the clear message. Found by role and name.

const { available } = chromiumAvailability();

/** Records what the console asks of getUserMedia and setSinkId, for the call center's test. */
const RECORD_MEDIA = `(() => {
  window.__gum = [];
  window.__sinks = [];
  const media = navigator.mediaDevices;
  if (media) {
    const original = media.getUserMedia.bind(media);
    media.getUserMedia = (constraints) => { window.__gum.push(JSON.stringify(constraints)); return original(constraints); };
  }
  const sink = HTMLMediaElement.prototype.setSinkId;
  if (sink) HTMLMediaElement.prototype.setSinkId = function (id) { window.__sinks.push(id); return sink.call(this, id); };
})();`;

describe.skipIf(!available)('Settings → Calls (H3)', () => {
  const team = useTeam({ websiteChannel: 'Call shop', visitor: {} });
  let page: Page;
  beforeAll(async () => {
    page = team.owner.page;
    await team.owner.browser.context.addInitScript(RECORD_MEDIA);
  });

  it('an admin lets visitors call from the widget', async () => {
    await shows(heading(page, 'Call shop'));
    await page.getByRole('checkbox', { name: /Let visitors call the agents/ }).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await shows(page.getByText('Saved.'));
    // Init scripts apply to documents loaded from now on.
    await page.reload();
  });

  it('lists the microphones once allowed, and remembers the one chosen', async () => {
    await page.getByRole('link', { name: 'Calls', exact: true }).click();
    await shows(heading(page, 'Calls'));
    const allow = page.getByRole('button', { name: 'Allow microphone access' });
    const microphone = page.getByLabel('Microphone', { exact: true });
    if (await allow.isVisible()) await allow.click();
    // The fake device's name appears once the browser lets Parley use the microphone.
    await eventually(async () => (await microphone.locator('option').count()) > 1);
    const options = await microphone.locator('option').allTextContents();
    expect(options[0]).toBe('System default');
    expect(options.slice(1).every((name) => name.length > 0)).toBe(true);
    const chosen = options.at(-1) as string;
    await microphone.selectOption({ label: chosen });
    const speakers = page.getByLabel('Speaker', { exact: true }).locator('option');
    if ((await speakers.count()) > 1)
      await page.getByLabel('Speaker', { exact: true }).selectOption({ index: (await speakers.count()) - 1 });

    // The speaker list (setSinkId exists in Chromium): enabled, the system default first.
    const speaker = page.getByLabel('Speaker', { exact: true });
    expect(await speaker.isEnabled()).toBe(true);
    expect((await speaker.locator('option').allTextContents())[0]).toBe('System default');

    // Ringtone and its volume, by keyboard.
    await page.getByRole('radio', { name: 'Bell' }).check();
    const volume = page.getByLabel('Ringing volume');
    await volume.focus();
    await volume.press('ArrowRight');
    expect(await volume.getAttribute('aria-valuetext')).toBe('75%');

    await page.reload();
    await shows(heading(page, 'Calls'));
    await eventually(async () => (await microphone.locator('option').count()) > 1);
    const selected = await microphone.evaluate((el) => {
      const select = el as HTMLSelectElement;
      return select.selectedOptions[0]?.textContent;
    });
    expect(selected).toBe(chosen);
    expect(await page.getByRole('radio', { name: 'Bell' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Ringing volume').getAttribute('aria-valuetext')).toBe('75%');
    // Kept per agent in this browser (device ids belong to this device).
    const stored = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('parley.calls.')),
    );
    expect(stored).toHaveLength(1);
  });

  it('the echo test shows the microphone level, then plays it back', async () => {
    await page.getByRole('button', { name: 'Start echo test' }).click();
    await shows(page.getByText('Recording: say something…'));
    const meter = page.getByRole('meter', { name: 'Microphone level' });
    await shows(meter);
    // Chromium's fake microphone beeps: the level rises above 0 while recording.
    await eventually(async () => Number(await meter.getAttribute('value')) > 0, 8_000);
    expect(await meter.getAttribute('aria-valuetext')).toMatch(/^\d+ percent$/);
    await shows(page.getByText(/Playing back…|Done\. Did you hear yourself\?/), 15_000);
    await shows(page.getByText(/Done\. Did you hear yourself\?/), 20_000);
    const peak = await page.getByText(/Loudest: \d+%/).textContent();
    expect(Number(peak?.match(/Loudest: (\d+)%/)?.[1])).toBeGreaterThan(0);
  });

  it('says so clearly when the browser blocks the microphone', async () => {
    // Its own browser without the fake permission prompt (which would allow anything), the microphone
    // denied for Parley's origin as a user's "Block" would.
    const browser = await launchBrowser({ fakeMediaUi: false });
    try {
      const denied = await browser.context.newPage();
      const origin = new URL(team.server.url).origin;
      const cdp = await browser.context.newCDPSession(denied);
      await cdp.send('Browser.setPermission', {
        permission: { name: 'microphone' },
        setting: 'denied',
        origin,
      });
      await denied.goto(`${team.server.url}/settings/calls`);
      await denied.getByLabel('Email', { exact: true }).fill(OWNER.email);
      await denied.getByLabel('Password', { exact: true }).fill(OWNER.password);
      await denied.getByRole('button', { name: 'Log in', exact: true }).click();
      await denied.getByRole('link', { name: 'Calls', exact: true }).click();
      await shows(heading(denied, 'Calls'));
      await denied.getByRole('button', { name: 'Start echo test' }).click();
      await shows(denied.getByRole('alert').getByText(/The browser blocks the microphone for Parley/));
      // The same for "Allow microphone access", the way to reveal device names.
      await denied.getByRole('button', { name: 'Allow microphone access' }).click();
      await shows(denied.getByRole('alert').getByText(/Allow it in the site settings/));
    } finally {
      await browser.close();
    }
  });

  it('the call center answers a call with the chosen microphone and speaker', async () => {
    const stored = await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('parley.calls.'));
      return JSON.parse((key && localStorage.getItem(key)) || '{}') as {
        microphoneId?: string;
        speakerId?: string;
      };
    });
    expect(stored.microphoneId).toBeTruthy();
    await page.getByRole('link', { name: /^Inbox/ }).click();
    await shows(heading(page, 'Inbox'));
    const visitor = team.visitor.page;
    await visitor.goto(`${team.server.url}/demo`);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    const chat = visitor.getByTitle('Chat', { exact: true }).contentFrame();
    const call = chat.getByRole('button', { name: 'Call', exact: true });
    await shows(call);
    await call.click();
    const card = page.getByRole('article', { name: /^Call from / });
    await shows(card);
    await card.getByRole('button', { name: 'Accept' }).click();
    const bar = page.getByRole('region', { name: /^Call with / });
    await shows(bar);
    const asked = await eventually(async () => {
      const gum = await page.evaluate(() => (window as unknown as { __gum: string[] }).__gum);
      return gum.length > 0 ? gum : null;
    });
    expect(JSON.parse(asked.at(-1) as string)).toEqual({
      audio: { deviceId: { exact: stored.microphoneId } },
      video: false,
    });
    if (stored.speakerId) {
      await eventually(async () =>
        (await page.evaluate(() => (window as unknown as { __sinks: string[] }).__sinks)).includes(
          stored.speakerId as string,
        ),
      );
    }
    await bar.getByRole('button', { name: 'Hang up' }).click();
    await gone(bar);
  });
});
