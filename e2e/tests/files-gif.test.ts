import { startFakeGiphy } from '@parley/integrations/testing/providers';
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { gone, shows, widget } from '../support/console';
import { useTeam } from '../support/team';

// C11 files both ways and C8 GIFs: the visitor drops an image on the widget and opens it full size, the
// agent opens it in the lightbox; the agent drops a PDF on the console composer, the visitor gets a
// download link; pasting and the attach buttons send files too; a program renamed .png is refused
// with a clear message; the agent finds a GIF (local Giphy fake) with the
// keyboard and the widget shows it, lazily. Everything is found by role and accessible name.

const { available } = chromiumAvailability();

const owner = {
  accountName: 'Fabrikam',
  name: 'Fiona Owner',
  email: 'fiona@fabrikam.test',
  password: 'correct horse 1',
};

// A 2×2 PNG, and the start of a PDF and of a Windows program: the server decides by these bytes.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');
const EXE = Buffer.concat([Buffer.from('4d5a90000300000004000000ffff', 'hex'), Buffer.alloc(64)]).toString(
  'base64',
);

/** Drags a file from the desktop onto `target` (a real DragEvent with a DataTransfer holding a File). */
async function dropFile(
  frame: Page | Frame,
  target: Locator,
  file: { name: string; type: string; base64: string },
) {
  const dataTransfer = await frame.evaluateHandle((f) => {
    const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], f.name, { type: f.type }));
    return transfer;
  }, file);
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}

describe.skipIf(!available)('files and GIFs', () => {
  let giphy: Awaited<ReturnType<typeof startFakeGiphy>>;
  const team = useTeam({ owner, websiteChannel: 'Fabrikam shop', visitor: {} });
  let agent: Page;
  let visitor: Page;
  let chat: FrameLocator;
  let transcript: Locator;
  let frame: Frame;
  let widgetForm: Locator;

  beforeAll(async () => {
    giphy = await startFakeGiphy({ apiKey: 'e2e-key' });
    agent = team.owner.page;
    visitor = team.visitor.page;
    await agent.getByRole('link', { name: /^Inbox/ }).click();
  });
  afterAll(async () => {
    await giphy?.close();
  });

  it('the visitor writes; the agent takes the chat with a quick reply', async () => {
    // --- The visitor opens the chat and writes; the agent takes it with a quick reply.
    await visitor.goto(`${team.server.url}/demo`);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    chat = widget(visitor);
    const composer = chat.getByLabel('Your message', { exact: true });
    await shows(composer);
    await composer.fill('My order arrived broken, photo follows.');
    await composer.press('Enter');

    const card = agent.getByRole('article', { name: /^Chat request from / });
    await shows(card);
    await card.getByRole('button', { name: 'Quick reply' }).click();
    await card.getByRole('textbox', { name: 'Quick reply' }).fill('Sorry! Please send it.');
    await card.getByRole('button', { name: 'Send' }).click();
    await gone(card);
    await agent.getByRole('link', { name: /^My chats/ }).click();
    await agent.getByRole('list', { name: 'My chats' }).getByRole('link').first().click();
    transcript = agent.getByRole('log', { name: 'Messages' });
    await shows(transcript.getByText('My order arrived broken, photo follows.'));
  });

  it('an image dropped on the widget: the visitor and the agent open it full size', async () => {
    // --- Visitor → agent: an image dropped on the widget's composer; the agent opens the lightbox.
    const found = visitor.frames().find((f) => f.url().includes('/widget/frame'));
    if (!found) throw new Error('widget frame not found');
    frame = found;
    widgetForm = chat.locator('form.composer');
    await dropFile(frame, widgetForm, { name: 'broken-mug.png', type: 'image/png', base64: PNG });
    // The visitor sees their image and opens it full size; Escape closes it.
    const ownThumbnail = chat.getByRole('button', { name: 'Open image broken-mug.png' });
    await shows(ownThumbnail);
    await ownThumbnail.click();
    const ownLightbox = chat.getByRole('dialog', { name: 'broken-mug.png' });
    await shows(ownLightbox.getByRole('link', { name: 'Download' }));
    await visitor.keyboard.press('Escape');
    await gone(ownLightbox);
    const thumbnail = transcript.getByRole('button', { name: 'Open image broken-mug.png' });
    await shows(thumbnail);
    await thumbnail.click();
    const lightbox = agent.getByRole('dialog', { name: 'broken-mug.png' });
    await shows(lightbox);
    await agent.keyboard.press('Escape');
    await gone(lightbox);
  });

  it('a PDF dropped on the console composer arrives as a download under its name', async () => {
    // --- Agent → visitor: a PDF dropped on the console composer arrives as a download link.
    const reply = agent.getByRole('region', { name: 'Reply' });
    await dropFile(agent, reply, { name: 'returns-policy.pdf', type: 'application/pdf', base64: PDF });
    await shows(transcript.getByRole('link', { name: /^Download returns-policy\.pdf/ }));
    const pdfLink = chat.getByRole('link', { name: /returns-policy\.pdf/ });
    await shows(pdfLink);
    const href = await pdfLink.getAttribute('href');
    const download = await fetch(new URL(href ?? '', team.server.url));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="returns-policy.pdf"/);
  });

  it('a pasted screenshot and the widget’s attach button send files', async () => {
    // --- Pasting a screenshot into the console composer sends it; the widget's attach button too.
    await agent.getByRole('textbox', { name: 'Message' }).evaluate((textarea, base64) => {
      const transfer = new DataTransfer();
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], 'screenshot.png', { type: 'image/png' }));
      textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true }));
    }, PNG);
    await shows(transcript.getByRole('button', { name: 'Open image screenshot.png' }));
    await shows(chat.getByRole('button', { name: 'Open image screenshot.png' }));
    await chat.getByLabel('Attach a file').setInputFiles({
      name: 'order-1234.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Order 1234, blue mug'),
    });
    await shows(transcript.getByRole('link', { name: /^Download order-1234\.txt/ }));
  });

  it('a program renamed .png is refused with a clear message', async () => {
    // --- A program renamed .png is refused with a clear message, on the widget side.
    await dropFile(frame, widgetForm, { name: 'cute-cat.png', type: 'image/png', base64: EXE });
    await shows(chat.getByRole('alert').getByText('This type of file cannot be sent.'));
  });

  it('GIFs: none without a provider; after Giphy is added, found and sent with the keyboard, lazily shown', async () => {
    // --- C8: without a GIF provider the picker says so; after an admin adds Giphy, it searches.
    const gifButton = agent.getByRole('button', { name: 'Send a GIF' });
    await gifButton.click();
    await shows(agent.getByText(/No GIF provider is set up/));
    await agent.getByRole('region', { name: 'Send a GIF' }).getByRole('button', { name: 'Close' }).click();
    const install = await agent.request.post(`${team.server.url}/trpc/integrations.install`, {
      data: { name: 'gif-giphy', config: { apiKey: 'e2e-key', baseUrl: giphy.url } },
    });
    expect(install.status(), await install.text()).toBe(200);

    await gifButton.click();
    const search = agent.getByRole('searchbox', { name: 'Search GIFs' });
    await search.fill('cat');
    const results = agent.getByRole('list', { name: 'GIF results' });
    await shows(results.getByRole('button', { name: 'Cat 1 GIF' }));
    // Keyboard only: down into the grid, right to the second GIF, Enter sends it.
    await search.press('ArrowDown');
    await agent.keyboard.press('ArrowRight');
    await agent.keyboard.press('Enter');
    await shows(transcript.getByRole('img', { name: 'Cat 2 GIF' }));
    const gif = chat.getByRole('img', { name: 'Cat 2 GIF' });
    await shows(gif);
    expect(await gif.getAttribute('loading')).toBe('lazy');
    expect(Number(await gif.getAttribute('width'))).toBeLessThanOrEqual(200);
  });
});
