import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability } from '../support/browser';
import { heading, shows } from '../support/console';
import { useTeam } from '../support/team';
import { eventually } from '../support/widget';

// J7 outbound webhooks (docs/webhooks.md): the owner adds an endpoint under Manage → Webhooks that
// points at a receiver this test runs on 127.0.0.1 (the e2e server allows private destinations), a
// visitor writes on /demo, and the receiver gets conversation and message events whose signatures
// the standardwebhooks library verifies with the secret the page showed. Then a test event, and the
// delivery log with its response codes.

const { available } = chromiumAvailability();

type TReceived = { headers: Record<string, string>; body: string };
type TPayload = {
  type: string;
  data: { message?: { conversationId: string }; conversation?: { id: string } };
};

describe.skipIf(!available)('outbound webhooks (J7)', () => {
  const team = useTeam({ websiteChannel: 'Shop', visitor: {} });
  const received: TReceived[] = [];
  let receiver: http.Server;
  let receiverUrl = '';
  let owner: Page;
  let secret = '';

  beforeAll(async () => {
    owner = team.owner.page;
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push({ headers: req.headers as Record<string, string>, body });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/parley`;
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('an admin adds an endpoint by keyboard and gets its signing secret', async () => {
    await owner.getByRole('link', { name: 'Webhooks', exact: true }).click();
    await shows(heading(owner, 'Webhooks'));
    await shows(owner.getByText('No endpoints yet'));
    await owner.getByRole('button', { name: 'Add endpoint' }).click();
    const form = owner.getByRole('form', { name: 'New endpoint' });
    await form.getByLabel('Endpoint URL').fill(receiverUrl);
    const events = form.getByRole('group', { name: 'Events to send' });
    await expect(events.getByRole('checkbox', { name: /Message created/ }).isChecked()).resolves.toBe(true);
    await events.getByRole('checkbox', { name: /Conversation created/ }).focus();
    await owner.keyboard.press('Space');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const secretField = owner.getByLabel('Signing secret');
    await shows(secretField);
    secret = await secretField.inputValue();
    expect(secret).toMatch(/^whsec_/);
    const endpoints = owner.getByRole('list', { name: 'Endpoints' });
    await shows(endpoints.getByRole('heading', { name: receiverUrl }));
    await shows(endpoints.getByText('On', { exact: true }));
  });

  it('a visitor’s message arrives at the receiver, signed; the library verifies it', async () => {
    const visitor = team.visitor.page;
    await visitor.goto(`${team.server.url}/demo`);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    const chat = visitor.getByTitle('Chat', { exact: true }).contentFrame();
    const composer = chat.getByLabel('Your message', { exact: true });
    await composer.fill('Do you ship to Izmir?');
    await composer.press('Enter');

    const wh = new Webhook(secret);
    const verified = await eventually(async () => {
      const payloads = received.map((r) => wh.verify(r.body, r.headers) as TPayload);
      return payloads.some((p) => p.type === 'message.created') ? payloads : null;
    }, 30_000);
    expect(verified.map((p) => p.type)).toEqual(['conversation.created', 'message.created']);
    const message = verified[1]?.data.message;
    expect(message).toMatchObject({ author: 'visitor', kind: 'text', body: 'Do you ship to Izmir?' });
    expect(verified[0]?.data.conversation?.id).toBe(message?.conversationId);
    for (const r of received) {
      expect(r.headers['webhook-id']).toMatch(/^msg_/);
      expect(r.headers['content-type']).toBe('application/json');
    }
  });

  it('sends a test event and shows it in the delivery log with its response code', async () => {
    const before = received.length;
    const item = owner.getByRole('list', { name: 'Endpoints' }).getByRole('listitem');
    await item.getByRole('button', { name: 'Send test event' }).click();
    await shows(item.getByText('Test event queued. See the delivery log.'));
    await eventually(async () => received.length > before, 20_000);
    const test = received.at(-1) as TReceived;
    expect((new Webhook(secret).verify(test.body, test.headers) as { type: string }).type).toBe(
      'webhook.test',
    );
    const log = item.getByRole('table');
    await shows(log.getByRole('row').filter({ hasText: 'webhook.test' }).getByText('Delivered'));
    await shows(log.getByRole('row').filter({ hasText: 'message.created' }).getByText('200'));
  });
});
