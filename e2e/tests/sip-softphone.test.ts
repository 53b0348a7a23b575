import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailability, launchBrowser, type TBrowser } from '../support/browser';
import { kamailioAvailability, startKamailio, type TKamailio } from '../support/kamailio';
import {
  buildSoftphonePage,
  type TPageCall,
  type TPageModule,
  type TPageSoftphone,
  type TSoftphonePage,
} from '../support/softphone-build';

// Issue 17 H2 model 1, groundwork: the console's softphone module (JsSIP) registers two agents at a
// real Kamailio over WebSocket (RFC 7118), A calls B, B accepts, audio flows both ways (getStats on
// both ends), mute stops A's outbound RTP, hang-up ends both; and a wrong password is a clear
// failed state. Chromium's fake microphone; the page is the softphone module built by Vite on its own
// (support/softphone-build.ts), since the module is not wired into a console page yet.

const chromium = chromiumAvailability();
const kamailio = kamailioAvailability();
const USERS = [
  { user: 'agent-a', password: 'a-secret-1' },
  { user: 'agent-b', password: 'b-secret-2' },
];

type TStats = { received: number; packetsReceived: number; sent: number; packetsSent: number };

/** What each test page keeps between evaluate calls. */
type TPageWindow = {
  parleySoftphone: TPageModule;
  phone: TPageSoftphone;
  call?: TPageCall;
  callStates: string[];
  registrationStates: string[];
};

async function openSoftphone(page: Page, url: string, server: TKamailio, user: string, password: string) {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.evaluate(
    ({ wsUrl, domain, user, password }) => {
      const w = window as unknown as TPageWindow;
      w.registrationStates = [];
      w.callStates = [];
      w.phone = w.parleySoftphone.createSoftphone({
        wsServers: [wsUrl],
        uri: `sip:${user}@${domain}`,
        password,
        displayName: user,
        iceServers: [],
        audioElement: document.getElementById('remote') as HTMLAudioElement,
        devices: { microphoneId: '', speakerId: '' },
      });
      w.phone.onRegistration((s) =>
        w.registrationStates.push(s.kind === 'failed' ? `failed:${s.reason}` : s.kind),
      );
      w.phone.onIncoming((call) => {
        w.call = call;
        w.callStates.push(call.state.kind);
        call.onState((s) => w.callStates.push(s.kind));
      });
    },
    { wsUrl: server.wsUrl, domain: server.domain, user, password },
  );
}

const callState = (page: Page) =>
  page.evaluate(() => {
    const call = (window as unknown as TPageWindow).call;
    if (!call) return 'none';
    return call.state.kind === 'in-call' ? `in-call${call.state.muted ? ':muted' : ''}` : call.state.kind;
  });

const audioStats = (page: Page) =>
  page.evaluate(async (): Promise<TStats> => {
    const pc = (window as unknown as TPageWindow).call?.peerConnection;
    const out = { received: 0, packetsReceived: 0, sent: 0, packetsSent: 0 };
    if (!pc) return out;
    (await pc.getStats()).forEach((r: { type: string; kind?: string } & Record<string, number>) => {
      if (r.kind !== 'audio') return;
      if (r.type === 'inbound-rtp') {
        out.received += r.bytesReceived ?? 0;
        out.packetsReceived += r.packetsReceived ?? 0;
      }
      if (r.type === 'outbound-rtp') {
        out.sent += r.bytesSent ?? 0;
        out.packetsSent += r.packetsSent ?? 0;
      }
    });
    return out;
  });

describe.skipIf(!chromium.available || !kamailio.available)(
  'SIP softphone over WebSocket (H2 model 1)',
  () => {
    let server: TKamailio;
    let page: TSoftphonePage;
    let browserA: TBrowser;
    let browserB: TBrowser;
    let a: Page;
    let b: Page;

    beforeAll(async () => {
      [server, page, browserA, browserB] = await Promise.all([
        startKamailio({ users: USERS }),
        buildSoftphonePage(),
        launchBrowser(),
        launchBrowser(),
      ]);
      a = await browserA.context.newPage();
      b = await browserB.context.newPage();
    });
    afterAll(async () => {
      await Promise.allSettled([browserA?.close(), browserB?.close(), page?.close()]);
      await server?.stop();
    });
    const dump = () => server.output().slice(-3000);

    it('JsSIP is a chunk of its own, loaded only when a softphone starts', async () => {
      expect(page.jsFiles().some((f) => /jssip/i.test(f))).toBe(true);
      await a.goto(page.url);
      await a.waitForSelector('body[data-ready="true"]');
      // The page imported the softphone module, yet no JsSIP chunk has been fetched.
      const loaded = await a.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
      expect(loaded.some((name) => /jssip/i.test(name))).toBe(false);
    });

    it('both agents register over WebSocket', async () => {
      await openSoftphone(a, page.url, server, 'agent-a', 'a-secret-1');
      await openSoftphone(b, page.url, server, 'agent-b', 'b-secret-2');
      await Promise.all(
        [a, b].map((p) => p.evaluate(() => (window as unknown as TPageWindow).phone.register())),
      ).catch((error) => {
        throw new Error(`${error}\n${dump()}`);
      });
      for (const p of [a, b])
        expect(await p.evaluate(() => (window as unknown as TPageWindow).registrationStates)).toEqual([
          'registering',
          'registered',
        ]);
    });

    it('A calls B, B accepts, audio flows both ways', async () => {
      await a.evaluate(async () => {
        const w = window as unknown as TPageWindow;
        w.call = await w.phone.call('agent-b');
        w.callStates.push(w.call.state.kind);
        w.call.onState((s) => w.callStates.push(s.kind));
      });
      await expect.poll(() => callState(b), { timeout: 15_000 }).toBe('ringing');
      expect(await b.evaluate(() => (window as unknown as TPageWindow).call?.remote.uri)).toContain(
        'agent-a@',
      );
      await b.evaluate(() => (window as unknown as TPageWindow).call?.accept());
      await expect.poll(() => callState(a), { timeout: 15_000 }).toBe('in-call');
      await expect.poll(() => callState(b), { timeout: 15_000 }).toBe('in-call');
      for (const p of [a, b]) {
        await expect
          .poll(async () => (await audioStats(p)).packetsReceived, { timeout: 15_000 })
          .toBeGreaterThan(10);
        expect((await audioStats(p)).received).toBeGreaterThan(0);
      }
      expect(await a.evaluate(() => (window as unknown as TPageWindow).callStates)).toEqual([
        'calling',
        'calling',
        'in-call',
      ]);
    });

    it('mute stops A’s outbound audio; unmute resumes it', async () => {
      await a.evaluate(() => (window as unknown as TPageWindow).call?.setMuted(true));
      expect(await callState(a)).toBe('in-call:muted');
      // Sampled until two reads a second apart show no new packets (waited for, not assumed).
      await expect
        .poll(
          async () => {
            const before = (await audioStats(a)).packetsSent;
            await new Promise((r) => setTimeout(r, 1000));
            return (await audioStats(a)).packetsSent - before;
          },
          { timeout: 10_000 },
        )
        .toBe(0);
      await a.evaluate(() => (window as unknown as TPageWindow).call?.setMuted(false));
      const resumed = (await audioStats(a)).packetsSent;
      await expect
        .poll(async () => (await audioStats(a)).packetsSent, { timeout: 10_000 })
        .toBeGreaterThan(resumed + 10);
    });

    it('hang-up ends both sides', async () => {
      await a.evaluate(() => (window as unknown as TPageWindow).call?.hangUp());
      await expect.poll(() => callState(a), { timeout: 10_000 }).toBe('ended');
      await expect.poll(() => callState(b), { timeout: 10_000 }).toBe('ended');
      const reasons = await Promise.all(
        [a, b].map((p) =>
          p.evaluate(() => {
            const s = (window as unknown as TPageWindow).call?.state;
            return s?.kind === 'ended' ? s.reason : null;
          }),
        ),
      );
      expect(reasons).toEqual(['hung-up', 'hung-up']);
      // The remote audio element is released with the call.
      expect(
        await b.evaluate(() => (document.getElementById('remote') as HTMLAudioElement).srcObject),
      ).toBeNull();
    });

    it('a wrong password fails registration with the reason "auth"', async () => {
      const wrong = await browserA.context.newPage();
      try {
        await openSoftphone(wrong, page.url, server, 'agent-a', 'not-the-password');
        const error = await wrong.evaluate(() =>
          (window as unknown as TPageWindow).phone.register().then(
            () => 'registered',
            (e: Error) => e.message,
          ),
        );
        expect(error).toMatch(/SIP registration failed \(auth\): (401|403) /);
        const state = await wrong.evaluate(() => (window as unknown as TPageWindow).phone.registration);
        expect(state).toMatchObject({ kind: 'failed', reason: 'auth' });
        await wrong.evaluate(() => (window as unknown as TPageWindow).phone.close());
      } finally {
        await wrong.close();
      }
    });

    it('unregister and close leave the softphone idle', async () => {
      for (const p of [a, b]) await p.evaluate(() => (window as unknown as TPageWindow).phone.close());
      for (const p of [a, b])
        expect(await p.evaluate(() => (window as unknown as TPageWindow).phone.registration.kind)).toBe(
          'idle',
        );
    });
  },
);
