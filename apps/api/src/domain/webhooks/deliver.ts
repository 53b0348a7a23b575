import { randomUUID } from 'node:crypto';
import type { Db } from '@parley/db';
import { Webhook } from 'standardwebhooks';
import type { Logger } from '../../logger';
import type { Mailer } from '../../mail/mailer';
import { checkDestination, type DestinationRule } from './destination';
import { openWebhookSecret } from './secrets';

/**
 * J7 delivery worker: runs in every API process. A process claims a due delivery with a conditional
 * UPDATE (`leaseUntil` empty or past) so exactly one process sends it; a process that dies mid-send
 * leaves a lease that runs out and another one sends it again (at least once, same `webhook-id`).
 * Per endpoint, deliveries with the same `orderKey` (a conversation, a visitor) go one at a time in
 * event order: a later one waits while an earlier one is still pending, also through its retries.
 */

/** Waits after each failed attempt (jittered ±10 %): 9 attempts over about 24 hours. */
export const RETRY_DELAYS_MS = [
  5_000,
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3600_000,
  5 * 3600_000,
  8 * 3600_000,
  8 * 3600_000,
];
/** An endpoint failing without a single success for this long is disabled and its admins are told. */
export const DISABLE_AFTER_MS = 3 * 24 * 3600_000;
/** How long a claim holds: longer than an attempt's timeout. */
export const CLAIM_MS = 60_000;
export const ATTEMPT_TIMEOUT_MS = 15_000;
/** A receiver's answer kept in the log, at most. */
const MAX_ERROR_CHARS = 300;

export interface DeliveryDeps {
  systemDb: Db;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  mailer: Mailer | null;
  destinations: DestinationRule;
  publicUrl?: string | undefined;
  fetchImpl?: typeof fetch;
  /** Tests: no jitter, other delays. */
  retryDelaysMs?: readonly number[];
  disableAfterMs?: number;
  jitter?: boolean;
}

export interface DeliveryPassResult {
  claimed: number;
  delivered: number;
  failed: number;
}

const nextDelay = (deps: DeliveryDeps, attempts: number) => {
  const delays = deps.retryDelaysMs ?? RETRY_DELAYS_MS;
  const base = delays[attempts - 1];
  if (base === undefined) return null;
  return deps.jitter === false ? base : Math.round(base * (0.9 + Math.random() * 0.2));
};

/**
 * One pass: picks due deliveries (the first of each endpoint + orderKey only), claims each and sends
 * it. `holder` names this process's claims.
 */
export async function runDeliveryPass(
  deps: DeliveryDeps,
  holder: string,
  now = new Date(),
  limit = 20,
): Promise<DeliveryPassResult> {
  const db = deps.systemDb;
  const due = await db.webhookDelivery.findMany({
    where: {
      status: 'pending',
      nextAttemptAt: { lte: now },
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
      // A suspended account's deliveries wait (paused, not failed) until it is unsuspended.
      endpoint: { enabled: true, account: { suspendedAt: null } },
    },
    orderBy: [{ eventId: 'asc' }, { eventIndex: 'asc' }],
    take: limit * 3,
  });
  const seen = new Set<string>();
  const picked: typeof due = [];
  for (const d of due) {
    const key = `${d.endpointId}\n${d.orderKey}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // An earlier delivery of the same conversation still waiting (retrying, or not yet due) goes first.
    const earlier = await db.webhookDelivery.findFirst({
      where: {
        endpointId: d.endpointId,
        orderKey: d.orderKey,
        status: 'pending',
        id: { not: d.id },
        OR: [{ eventId: { lt: d.eventId } }, { eventId: d.eventId, eventIndex: { lt: d.eventIndex } }],
      },
      select: { id: true },
    });
    if (earlier) continue;
    picked.push(d);
    if (picked.length >= limit) break;
  }
  const result: DeliveryPassResult = { claimed: 0, delivered: 0, failed: 0 };
  await Promise.all(
    picked.map(async (d) => {
      const { count } = await db.webhookDelivery.updateMany({
        where: { id: d.id, status: 'pending', OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
        data: { leaseUntil: new Date(now.getTime() + CLAIM_MS), leaseHolder: holder },
      });
      if (count !== 1) return;
      result.claimed++;
      const ok = await attempt(deps, holder, d.id, now);
      if (ok) result.delivered++;
      else result.failed++;
    }),
  );
  return result;
}

interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

async function send(
  deps: DeliveryDeps,
  url: string,
  secret: string,
  id: string,
  body: string,
): Promise<AttemptOutcome> {
  const target = new URL(url);
  try {
    await checkDestination(target, deps.destinations);
  } catch (err) {
    return { ok: false, statusCode: null, error: (err as Error).message };
  }
  const timestamp = new Date();
  const signature = new Webhook(secret).sign(id, timestamp, body);
  try {
    const res = await (deps.fetchImpl ?? fetch)(target, {
      method: 'POST',
      // A redirect could lead past the destination check: it counts as a failure, never followed.
      redirect: 'manual',
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Parley-Webhooks/1',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
    });
    const text = await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 300) return { ok: true, statusCode: res.status, error: null };
    const error =
      res.status >= 300 && res.status < 400
        ? 'Redirects are not followed; use the final address'
        : text.slice(0, MAX_ERROR_CHARS) || res.statusText;
    return { ok: false, statusCode: res.status, error };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { ok: false, statusCode: null, error: cause ?? (err as Error).message };
  }
}

/** Sends one claimed delivery and records the outcome; true when the receiver took it. */
async function attempt(deps: DeliveryDeps, holder: string, id: string, now: Date): Promise<boolean> {
  const db = deps.systemDb;
  const d = await db.webhookDelivery.findUnique({ where: { id }, include: { endpoint: true } });
  if (!d) return false;
  let outcome: AttemptOutcome;
  try {
    const secret = openWebhookSecret(d.endpoint.id, d.endpoint.secret);
    outcome = await send(deps, d.endpoint.url, secret, d.id, JSON.stringify(d.payload));
  } catch (err) {
    outcome = { ok: false, statusCode: null, error: (err as Error).message };
  }
  const attempts = d.attempts + 1;
  const at = new Date();
  if (outcome.ok) {
    await db.webhookDelivery.updateMany({
      where: { id, leaseHolder: holder },
      data: {
        status: 'succeeded',
        attempts,
        lastStatusCode: outcome.statusCode,
        lastError: null,
        lastAttemptAt: at,
        deliveredAt: at,
        leaseUntil: null,
      },
    });
    if (d.endpoint.failingSince)
      await db.webhookEndpoint.updateMany({ where: { id: d.endpoint.id }, data: { failingSince: null } });
    return true;
  }
  const delay = nextDelay(deps, attempts);
  await db.webhookDelivery.updateMany({
    where: { id, leaseHolder: holder },
    data: {
      status: delay === null ? 'failed' : 'pending',
      attempts,
      lastStatusCode: outcome.statusCode,
      lastError: outcome.error,
      lastAttemptAt: at,
      nextAttemptAt: new Date(now.getTime() + (delay ?? 0)),
      leaseUntil: null,
    },
  });
  const failingSince = d.endpoint.failingSince ?? now;
  if (!d.endpoint.failingSince)
    await db.webhookEndpoint.updateMany({
      where: { id: d.endpoint.id, failingSince: null },
      data: { failingSince: now },
    });
  if (now.getTime() - failingSince.getTime() >= (deps.disableAfterMs ?? DISABLE_AFTER_MS))
    await disableEndpoint(deps, d.endpoint.id, d.endpoint.accountId);
  return false;
}

const DISABLED_MAIL = {
  en: (url: string, link: string) => ({
    subject: 'A webhook endpoint was turned off',
    text: `Parley could not deliver webhooks to ${url} for several days, so the endpoint was turned off.\n\nFix the receiver, then turn the endpoint back on (waiting events are sent then) in Manage → Webhooks: ${link}\n`,
  }),
  tr: (url: string, link: string) => ({
    subject: 'Bir webhook uç noktası kapatıldı',
    text: `Parley birkaç gündür ${url} adresine webhook iletemediği için bu uç nokta kapatıldı.\n\nAlıcıyı düzeltin, ardından uç noktayı Yönet → Webhook'lar sayfasından yeniden açın (bekleyen olaylar o zaman gönderilir): ${link}\n`,
  }),
};

/** Turns a failing endpoint off (once: the conditional update) and mails the account's admins. */
async function disableEndpoint(deps: DeliveryDeps, endpointId: string, accountId: string) {
  const db = deps.systemDb;
  const { count } = await db.webhookEndpoint.updateMany({
    where: { id: endpointId, accountId, enabled: true },
    data: { enabled: false, disabledReason: 'failing' },
  });
  if (count !== 1) return;
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { url: true } });
  deps.logger.warn({ endpointId, accountId }, 'webhook endpoint disabled after failing for days');
  await db.auditEvent.create({
    data: {
      accountId,
      actorUserId: null,
      action: 'webhook.disabled',
      targetType: 'webhook',
      targetId: endpointId,
    },
  });
  if (!deps.mailer || !endpoint) return;
  const admins = await db.user.findMany({
    where: { accountId, role: { in: ['owner', 'admin'] }, disabledAt: null },
    select: { email: true, locale: true },
  });
  const link = `${(deps.publicUrl ?? '').replace(/\/$/, '')}/manage/webhooks`;
  for (const admin of admins) {
    const mail = (admin.locale === 'tr' ? DISABLED_MAIL.tr : DISABLED_MAIL.en)(endpoint.url, link);
    try {
      await deps.mailer.send({ to: admin.email, ...mail });
    } catch (err) {
      deps.logger.error({ err, endpointId }, 'webhook disabled mail failed');
    }
  }
}

/**
 * Starts this process's delivery loop (about every `everyMs`, and again at once while there was work).
 * The loop owns its promises: every failure is caught and logged here.
 */
export function startWebhookWorker(deps: DeliveryDeps, everyMs = 1000): { stop(): Promise<void> } {
  const holder = randomUUID();
  let stopped = false;
  let running: Promise<void> | null = null;
  const tick = () => {
    if (stopped || running) return;
    running = (async () => {
      try {
        for (let rounds = 0; rounds < 10 && !stopped; rounds++) {
          const r = await runDeliveryPass(deps, holder);
          if (r.claimed === 0) break;
        }
      } catch (err) {
        deps.logger.error({ err }, 'webhook delivery pass failed');
      } finally {
        running = null;
      }
    })();
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
