import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BenchAgent,
  type BenchVisitor,
  connectAgent,
  connectVisitor,
  createChannel,
} from '../src/lib/clients';
import { agentEmail, ownerEmail } from '../src/lib/seed';
import { startReferenceServer } from './server';

type Ev = { type: string; [k: string]: unknown };

/** With DATABASE_URL (the PostgreSQL run of the suites) on a scratch database of that server, else SQLite. */
const serverUrl = process.env.DATABASE_URL;

/** Reads the reference's database from outside, as another connection would: what is committed. */
interface Inspect {
  count(table: 'Message' | 'LiveEvent', clientId?: string): Promise<number>;
  /** Ids of the messages the search index finds for one word. */
  search(word: string): Promise<string[]>;
  close(): Promise<void>;
}

async function openDatabaseUnderTest(
  dataDir: string,
): Promise<{ databaseUrl?: string; inspect(): Inspect; drop(): Promise<void> }> {
  if (!serverUrl) {
    return {
      inspect() {
        const file = new Database(path.join(dataDir, 'reference.db'), { readonly: true });
        return {
          count: async (table, clientId) =>
            (clientId
              ? file.prepare(`SELECT COUNT(*) FROM "${table}" WHERE "clientId" = ?`).pluck().get(clientId)
              : file.prepare(`SELECT COUNT(*) FROM "${table}"`).pluck().get()) as number,
          search: async (word) =>
            file
              .prepare(
                `SELECT m."id" FROM "Message" m JOIN "MessageSearch" s ON s.rowid = m.rowid WHERE "MessageSearch" MATCH ?`,
              )
              .pluck()
              .all(word) as string[],
          close: async () => void file.close(),
        };
      },
      drop: async () => {},
    };
  }
  const name = `parley_ref_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    inspect() {
      const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
      pool.on('error', () => {}); // dropped with FORCE at the end
      return {
        count: async (table, clientId) =>
          Number(
            (
              await pool.query(
                `SELECT COUNT(*) AS n FROM "${table}"${clientId ? ' WHERE "clientId" = $1' : ''}`,
                clientId ? [clientId] : [],
              )
            ).rows[0].n,
          ),
        search: async (word) =>
          (
            await pool.query(
              `SELECT "id" FROM "Message" WHERE to_tsvector('simple', "body") @@ to_tsquery('simple', $1)`,
              [word],
            )
          ).rows.map((r) => r.id as string),
        close: () => pool.end(),
      };
    },
    async drop() {
      // pg's pool.end() resolves before its sockets have closed: let them, so FORCE has none to cut.
      await new Promise((r) => setTimeout(r, 200));
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Resolves with the first item of `list` (filled by a subscription) that `pick` accepts. */
function waitFor<T>(list: T[], pick: (item: T) => boolean, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      const hit = list.find(pick);
      if (hit) return resolve(hit);
      if (Date.now() > until) return reject(new Error('timed out'));
      setTimeout(tick, 10);
    };
    tick();
  });
}

// The reference speaks to the bench's own load generator clients: what works here works under load.
describe.each([
  { variant: 'A', groupCommitMs: 0 },
  { variant: 'B', groupCommitMs: 1 },
])(`reference server on ${serverUrl ? 'PostgreSQL' : 'SQLite'}, variant $variant`, ({ groupCommitMs }) => {
  let dataDir: string;
  let database: Awaited<ReturnType<typeof openDatabaseUnderTest>>;
  let reference: Awaited<ReturnType<typeof startReferenceServer>>;
  let url: string;
  let agent: BenchAgent;
  const agentEvents: Ev[] = [];
  const visitorMessages: { author: string; body: string; id: string }[] = [];
  let visitor: BenchVisitor;
  let file: Inspect;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-reference-'));
    database = await openDatabaseUnderTest(dataDir);
    reference = await startReferenceServer({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      databaseUrl: database.databaseUrl,
      groupCommitMs,
      groupCommitMax: 512,
      agents: 2,
    });
    url = `http://127.0.0.1:${reference.port}`;
    const channelKey = await createChannel(url, ownerEmail);
    agent = await connectAgent(url, agentEmail(0), { onEvent: (e) => void agentEvents.push(e) });
    visitor = await connectVisitor(url, channelKey, { onMessage: (m) => void visitorMessages.push(m) });
    file = database.inspect();
  });

  afterAll(async () => {
    await file?.close();
    visitor?.close();
    agent?.close();
    await reference?.close();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('carries a chat both ways with the shapes the generator reads, each message committed before its ack', async () => {
    const first = await visitor.send('hello, a question about shipping');
    const request = await waitFor(agentEvents, (e) => e.type === 'chat.request');
    expect((request.conversation as { id: string }).id).toBe(first.conversationId);
    await agent.wsClient.chats.accept.mutate({ conversationId: first.conversationId });

    const asked = await visitor.send('where is my parcel');
    // Acknowledged after COMMIT: another connection already sees the row, its search entry and its event.
    expect(await file.search('parcel')).toEqual([asked.id]);
    expect(await file.count('LiveEvent')).toBe(2);
    const seen = await waitFor(agentEvents, (e) => e.type === 'message');
    expect(seen.message).toMatchObject({
      id: asked.id,
      author: 'visitor',
      conversationId: first.conversationId,
    });

    const reply = await agent.wsClient.chats.send.mutate({
      conversationId: first.conversationId,
      clientId: crypto.randomUUID(),
      body: 'on its way',
    });
    const got = await waitFor(visitorMessages, (m) => m.id === reply.id);
    expect(got).toMatchObject({ author: 'agent', body: 'on its way' });
  });

  it('stores a resent clientId once and pushes nothing for the repeat', async () => {
    const clientId = crypto.randomUUID();
    const [a, b] = await Promise.all([
      visitor.send('same words twice', clientId),
      visitor.send('same words twice', clientId),
    ]);
    expect(b.id).toBe(a.id);
    expect(await file.count('Message', clientId)).toBe(1);
    await waitFor(agentEvents, (e) => e.type === 'message' && (e.message as { id: string }).id === a.id);
    await new Promise((r) => setTimeout(r, 100));
    expect(agentEvents.filter((e) => (e.message as { id?: string } | undefined)?.id === a.id)).toHaveLength(
      1,
    );
  });

  it('refuses an agent reply to a chat another agent holds', async () => {
    const other = await connectAgent(url, agentEmail(1), {}, { subscribe: false });
    try {
      const conversationId = visitor.conversationId as string;
      await expect(
        other.wsClient.chats.send.mutate({ conversationId, clientId: crypto.randomUUID(), body: 'mine now' }),
      ).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    } finally {
      other.close();
    }
  });

  it(
    groupCommitMs > 0
      ? 'shares one transaction among sends arriving together'
      : 'writes one transaction per send',
    async () => {
      const before = { ...reference.store.stats };
      const sent = await Promise.all(Array.from({ length: 20 }, (_, i) => visitor.send(`burst ${i}`)));
      expect(new Set(sent.map((m) => m.id)).size).toBe(20);
      const transactions = reference.store.stats.transactions - before.transactions;
      if (groupCommitMs > 0) expect(transactions).toBeLessThan(20);
      else expect(transactions).toBe(20);
    },
  );
});
