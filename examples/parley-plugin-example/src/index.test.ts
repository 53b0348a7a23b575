import { createMemoryStorage, createPluginHost } from '@parley/plugin-sdk/host';
import { createTestLogger, runPluginContract } from '@parley/plugin-sdk/testing';
import { describe, expect, it } from 'vitest';
import { startFakeBridge } from './fake-bridge.js';
import plugin, { signedHeaders } from './index.js';

const secret = 'example-signing-secret';

function signedRequest(body: object, timestamp = String(Math.floor(Date.now() / 1000))) {
  const rawBody = Buffer.from(JSON.stringify(body));
  return {
    method: 'POST',
    headers: signedHeaders(secret, rawBody, timestamp),
    query: {},
    rawBody,
  };
}

// The contract kit: metadata, schema, capabilities, send, webhooks, failures, dispose.
runPluginContract(plugin, {
  provider: () => startFakeBridge(secret),
  validConfig: ({ providerUrl }) => ({ outboundUrl: providerUrl, signingSecret: secret }),
  invalidConfig: { outboundUrl: 'not a url', signingSecret: 'short' },
  channel: {
    to: { externalId: 'user-1' },
    signedWebhook: () => signedRequest({ id: 'in-1', from: { id: 'user-1', name: 'Ada' }, text: 'Hi' }),
  },
});

describe('parley-plugin-example', () => {
  it('round-trips through a host: inbound webhook, outbound reply, stale requests refused', async () => {
    const bridge = await startFakeBridge(secret);
    const host = createPluginHost({
      plugins: [plugin],
      logger: createTestLogger(),
      storage: createMemoryStorage(),
      secretKey: 'a-host-secret-key-123456',
    });
    try {
      const created = await host.createInstall({
        accountId: 'acc',
        name: plugin.name,
        config: { outboundUrl: bridge.url, signingSecret: secret },
      });
      if (!created.ok) throw new Error(JSON.stringify(created.errors));
      const id = created.install.id;
      const inbound = await host.handleWebhook(
        id,
        signedRequest({ id: 'm-9', from: { id: 'u9' }, text: 'Hello' }),
      );
      expect(inbound.events).toMatchObject([
        { externalMessageId: 'm-9', contact: { externalId: 'u9' }, text: 'Hello' },
      ]);
      const stale = await host.handleWebhook(
        id,
        signedRequest({ id: 'm-10', from: { id: 'u9' }, text: 'x' }, '1000'),
      );
      expect(stale.response.status).toBe(401);
      const sent = await host.send(id, {
        to: { externalId: 'u9' },
        text: 'Hi back',
        inReplyToExternalId: 'm-9',
      });
      expect(sent.externalMessageId).toBe('out-1');
      expect(bridge.received).toEqual([{ to: 'u9', text: 'Hi back', inReplyTo: 'm-9' }]);
      await expect(host.send(id, { to: { externalId: 'u9' }, text: 'x'.repeat(4001) })).rejects.toMatchObject(
        {
          kind: 'input',
          plugin: 'parley-plugin-example',
        },
      );
    } finally {
      await host.close();
      await bridge.close();
    }
  });
});
