import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { launchBrowser, type TBrowser } from './browser';
import {
  acceptInvitation,
  addWebsiteChannel,
  inviteAgent,
  setUpWorkspace,
  type TOwner,
  type TPerson,
} from './console';
import { startServer, type TRunningServer } from './server';

/**
 * The cast most browser suites need, set up once per file: a fresh server, the owner's console (the
 * workspace created through the setup page), optionally an invited agent's console and a website channel,
 * and a visitor's browser. Call `useTeam` inside a `describe`: it registers that file's `beforeAll` /
 * `afterAll`, and an `afterEach` that fails the test during which any page threw an uncaught error. A
 * failed test prints the end of the server's output.
 */

export const OWNER: TOwner = {
  accountName: 'Northwind',
  name: 'Olivia Owner',
  email: 'olivia@northwind.test',
  password: 'correct horse 1',
};
export const AGENT: TPerson = {
  name: 'Ayşe Yılmaz',
  email: 'ayse@northwind.test',
  password: 'battery staple 2',
};

/** One person's browser (a profile of their own) and the page they use. */
export type TUser = { browser: TBrowser; page: Page };

export type TTeamOptions = {
  owner?: TOwner;
  /** `false`: leave the fresh install on its setup page (the owner's browser opens on no page). */
  workspace?: false;
  /** Invite this agent (the invitation link, then their own browser); none when omitted. */
  agent?: TPerson;
  /** Add a website channel of this name (the first one is the /demo page's widget). */
  websiteChannel?: string;
  /** Open a visitor's browser (on no page yet), in this locale. */
  visitor?: { locale?: string };
  /** Server configuration, e.g. `PARLEY_PLUGINS` or a fake provider's URL. */
  serverEnv?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Scale-out: start a second API process on the first one's database (PostgreSQL and Redis). */
  secondServer?: boolean;
};

export type TTeam = {
  readonly server: TRunningServer;
  /** With `secondServer`: another process on the same database and Redis. */
  readonly secondServer: TRunningServer;
  readonly owner: TUser;
  readonly agent: TUser;
  readonly visitor: TUser;
  /** Another fresh browser (e.g. a second visitor), closed after the file with the others. */
  launch(who: string, options?: { locale?: string }): Promise<TUser>;
};

export function useTeam(options: TTeamOptions = {}): TTeam {
  let server: TRunningServer | undefined;
  let secondServer: TRunningServer | undefined;
  const users = new Map<string, TUser>();
  const browsers: TBrowser[] = [];
  const pageErrors: string[] = [];

  async function launch(who: string, launchOptions: { locale?: string } = {}): Promise<TUser> {
    const browser = await launchBrowser({ locale: launchOptions.locale ?? 'en-US' });
    browsers.push(browser);
    const watch = (page: Page) => page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`));
    for (const page of browser.context.pages()) watch(page);
    browser.context.on('page', watch);
    const user = { browser, page: await browser.context.newPage() };
    if (!users.has(who)) users.set(who, user);
    return user;
  }

  beforeAll(async () => {
    const extraEnv = (await options.serverEnv?.()) ?? {};
    server = await startServer({ extraEnv });
    if (options.secondServer) secondServer = await startServer({ extraEnv, shareDatabaseWith: server });
    const owner = await launch('owner');
    if (options.workspace === false) {
      if (options.visitor) await launch('visitor', options.visitor);
      return;
    }
    await setUpWorkspace(owner.page, server.url, options.owner ?? OWNER);
    if (options.agent) {
      const link = await inviteAgent(owner.page, options.agent.email);
      const agent = await launch('agent');
      await acceptInvitation(agent.page, link, options.agent);
    }
    if (options.websiteChannel) await addWebsiteChannel(owner.page, options.websiteChannel);
    if (options.visitor) await launch('visitor', options.visitor);
  });

  // A failed test shows the end of what the server printed (its errors are often the cause).
  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      if (server) console.error(`--- server output (${server.url}) ---\n${server.logs().slice(-6000)}`);
    });
  });

  afterEach(() => {
    expect(pageErrors.splice(0), 'uncaught errors in the pages').toEqual([]);
  });

  afterAll(async () => {
    for (const browser of browsers.reverse()) await browser.close();
    await secondServer?.stop();
    await server?.stop();
  });

  const user = (who: string) => {
    const found = users.get(who);
    if (!found) throw new Error(`useTeam: no ${who} (ask for it in the options, or the set-up failed)`);
    return found;
  };
  return {
    get server() {
      if (!server) throw new Error('useTeam: the server is not running (its set-up failed)');
      return server;
    },
    get secondServer() {
      if (!secondServer) throw new Error('useTeam: no second server (ask for it with `secondServer: true`)');
      return secondServer;
    },
    get owner() {
      return user('owner');
    },
    get agent() {
      return user('agent');
    },
    get visitor() {
      return user('visitor');
    },
    launch,
  };
}
