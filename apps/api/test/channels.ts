import type { Db } from '@parley/db';
import type { WebhookRequest } from '@parley/integrations';
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { pollChannels } from '../src/domain/integrations/installs';

/** Shared steps of the channel integration tests (K2). */

/** Delivers a provider's webhook request to our real HTTP endpoint `/hooks/<install>`. */
export async function postWebhook(serverUrl: string, installId: string, request: WebhookRequest) {
  const query = new URLSearchParams(request.query as Record<string, string>).toString();
  const res = await fetch(`${serverUrl}/hooks/${installId}${query ? `?${query}` : ''}`, {
    method: request.method,
    headers: request.headers as Record<string, string>,
    ...(request.method === 'GET' ? {} : { body: request.rawBody }),
  });
  return { status: res.status, body: await res.text() };
}

/** The message once its delivery status is `until` (outbound delivery runs in the background). */
export async function deliveryOf(db: Db, messageId: string, until: string) {
  let row = await db.message.findUniqueOrThrow({ where: { id: messageId } });
  for (let i = 0; i < 250 && row.deliveryStatus !== until; i++) {
    await new Promise((r) => setTimeout(r, 20));
    row = await db.message.findUniqueOrThrow({ where: { id: messageId } });
  }
  return row;
}

/** A raw RFC 5322 message as a customer's mail client would send it. */
export async function rawMail(options: Mail.Options): Promise<string> {
  const info = await createTransport({ streamTransport: true, buffer: true }).sendMail(options);
  return (info.message as Buffer).toString('utf8');
}

/**
 * Polls the mailboxes as the scheduler does. The running server's own scheduled poll may take the
 * mail first (it also polls right after a channel is added), so wait until the channel holds
 * `visitorMessages` messages from contacts.
 */
export async function pollUntilStored(
  deps: Parameters<typeof pollChannels>[0] & { db: Db },
  channelId: string,
  visitorMessages: number,
) {
  await pollChannels(deps);
  const stored = () =>
    deps.db.message.count({ where: { conversation: { channelId }, authorType: 'visitor' } });
  for (let i = 0; i < 250 && (await stored()) < visitorMessages; i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
}
