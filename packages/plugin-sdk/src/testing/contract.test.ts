import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '../define-plugin.js';
import { providerError } from '../errors.js';
import type { PluginContext, WebhookRequest } from '../types.js';
import { type ContractOptions, checkPluginContract } from './contract.js';

// The kit must fail the plugins authors actually wrote by mistake, not only pass good ones: each
// broken variant below of a small signed-webhook channel stays green on at least one check today.

const secret = 'kit-test-signing-secret';
const sign = (body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** A provider that answers a send with its own id and records who it was for. */
async function startProvider() {
  let n = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      n += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: `prov-${n}-${JSON.parse(body || '{}').to ?? ''}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

type Flaw =
  | 'none'
  | 'no-signature-check'
  | 'header-presence-only'
  | 'global-fetch'
  | 'fake-id-on-500'
  | 'wrong-recipient';

function bridge(flaw: Flaw) {
  return definePlugin({
    name: `parley-plugin-${flaw}`,
    version: '1.0.0',
    apiVersion: 1,
    configSchema: z.object({ url: z.url() }),
    urlFields: ['url'],
    capabilities: ['channel'],
    setup(ctx) {
      const fetcher = flaw === 'global-fetch' ? fetch : ctx.fetch;
      return {
        channel: {
          features: { attachments: false },
          async send(message) {
            const to = flaw === 'wrong-recipient' ? 'everyone' : message.to.externalId;
            const res = await fetcher(`${ctx.config.url}/send`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ to, text: message.text }),
            });
            if (!res.ok) {
              if (flaw === 'fake-id-on-500') return { externalMessageId: `local-${Date.now()}` };
              throw await providerError(res, 'bridge send');
            }
            return { externalMessageId: ((await res.json()) as { id: string }).id };
          },
          async handleWebhook(request) {
            const signature = String(request.headers['x-signature'] ?? '');
            const body = request.rawBody.toString('utf8');
            const valid =
              flaw === 'no-signature-check' ||
              (flaw === 'header-presence-only'
                ? signature.length > 0
                : signature.length === sign(body).length &&
                  timingSafeEqual(Buffer.from(signature), Buffer.from(sign(body))));
            if (!valid) return { response: { status: 401 }, events: [] };
            const m = JSON.parse(body) as { id: string; from: string; text: string };
            return {
              response: { status: 200 },
              events: [
                {
                  type: 'message',
                  externalMessageId: m.id,
                  contact: { externalId: m.from },
                  text: m.text,
                  attachments: [],
                  sentAt: new Date(0),
                },
              ],
            };
          },
        },
      };
    },
  });
}

const options: ContractOptions = {
  provider: startProvider,
  validConfig: ({ providerUrl }) => ({ url: providerUrl }),
  timeoutMs: 1000,
  channel: {
    to: { externalId: 'user-7' },
    signedWebhook: (_: { ctx: PluginContext }): WebhookRequest => {
      const body = JSON.stringify({ id: 'in-1', from: 'user-7', text: 'hi' });
      return {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': sign(body) },
        query: {},
        rawBody: Buffer.from(body),
      };
    },
  },
};

async function failures(flaw: Flaw) {
  const report = await checkPluginContract(bridge(flaw), options);
  return report.results.filter((r) => !r.ok).map((r) => `${r.name} → ${r.error}`);
}

describe('the contract kit', () => {
  it('passes a correct plugin', async () => {
    expect(await failures('none')).toEqual([]);
  });

  it.each([
    ['no-signature-check', /unsigned webhook|stripped of its signature/],
    ['header-presence-only', /body changed after signing was accepted/],
    ['global-fetch', /called the global fetch 1 time\(s\): use ctx\.fetch/],
    ['fake-id-on-500', /HTTP 500 from the provider was reported as a success/],
    ['wrong-recipient', /not addressed to the recipient \(user-7\)/],
  ] as const)('fails a plugin with %s', async (flaw, expected) => {
    const found = await failures(flaw);
    expect(found.join('\n')).toMatch(expected);
  });
});
