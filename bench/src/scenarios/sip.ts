/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The page-side callbacks below run in Chromium (page.evaluate), hence the DOM types.
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../../e2e/support/browser';
import { startKamailio, type TSipUser } from '../../../e2e/support/kamailio';
import {
  buildSoftphonePage,
  type TPageCall,
  type TPageModule,
  type TPageSoftphone,
} from '../../../e2e/support/softphone-build';
import { header, saveResult } from '../lib/results';
import { fmt, log, percentiles } from '../lib/util';
import { envNum } from './common';

/**
 * Issue 17 H2 model 1 (SIP over WebSocket), groundwork figures: with the console's softphone module
 * (JsSIP) in two headless Chromium profiles (fake microphone) and a local Kamailio (the e2e harness's
 * config: digest auth, in-memory registrar, WebSocket NAT handling), calls one after another:
 * - call setup at the caller: the first INVITE written to the WebSocket → `SIP/2.0 200 OK` for it
 *   read from the WebSocket (includes the 407 challenge round trip, Kamailio's lookup and relay, and
 *   the callee's auto-answer: microphone, ICE gathering on loopback, SDP answer);
 * - INVITE → 180 Ringing, the pure signalling path through Kamailio and the callee's JsSIP;
 * - the softphone's JS heap per registered user agent (CDP heap after GC, N softphones registered in
 *   one page, minus the same page with the softphone module loaded and JsSIP imported).
 * Timestamps are taken in the page by wrapping WebSocket.send/onmessage, so they are what the
 * caller's browser saw, independent of the softphone wrapper.
 */

type TWin = {
  parleySoftphone: TPageModule;
  phones: TPageSoftphone[];
  call?: TPageCall;
  sipTimes: { invite?: number; ringing?: number; ok?: number };
};

/** Records the first INVITE sent and the 180/200 that answer it (by Call-ID). */
const RECORD_SIP = `(() => {
  window.sipTimes = {};
  let callId = null;
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (typeof data === 'string' && data.startsWith('INVITE ') && window.sipTimes.invite === undefined) {
      window.sipTimes.invite = performance.now();
      callId = (/\\r\\nCall-ID: *([^\\r]+)/i.exec(data) || [])[1] || null;
    }
    return send.call(this, data);
  };
  const Original = window.WebSocket;
  window.WebSocket = class extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const data = event.data;
        if (typeof data !== 'string' || !callId || !data.includes(callId) || !/CSeq: *\\d+ INVITE/i.test(data)) return;
        const t = performance.now();
        if (data.startsWith('SIP/2.0 180') && window.sipTimes.ringing === undefined) window.sipTimes.ringing = t;
        if (data.startsWith('SIP/2.0 200') && window.sipTimes.ok === undefined) window.sipTimes.ok = t;
      });
    }
  };
})();`;

async function softphones(page: Page, url: string, ws: string, domain: string, users: TSipUser[]) {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.evaluate(
    async ({ ws, domain, users }) => {
      const w = window as unknown as TWin;
      w.phones = users.map((u) =>
        w.parleySoftphone.createSoftphone({
          wsServers: [ws],
          uri: `sip:${u.user}@${domain}`,
          password: u.password,
          iceServers: [],
          audioElement: document.getElementById('remote') as HTMLAudioElement,
        }),
      );
      await Promise.all(w.phones.map((p) => p.register()));
    },
    { ws, domain, users },
  );
}

async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize;
  } finally {
    await cdp.detach();
  }
}

export async function sip() {
  const calls = envNum('BENCH_SIP_CALLS', 20);
  const uas = envNum('BENCH_SIP_UAS', 20);
  const users: TSipUser[] = [
    { user: 'caller', password: 'caller-pw-1' },
    { user: 'callee', password: 'callee-pw-2' },
    ...Array.from({ length: uas }, (_, i) => ({ user: `ua${i}`, password: `ua-pw-${i}` })),
  ];
  const kamailio = await startKamailio({ users });
  const site = await buildSoftphonePage();
  const browserA = await launchBrowser();
  const browserB = await launchBrowser();
  const setup: number[] = [];
  const ringing: number[] = [];
  let heapBase = 0;
  let heapWith = 0;
  try {
    // tsx (esbuild keepNames) wraps named functions inside page.evaluate callbacks in __name().
    for (const browser of [browserA, browserB])
      await browser.context.addInitScript('window.__name = (f) => f;');
    await browserA.context.addInitScript(RECORD_SIP);
    const a = await browserA.context.newPage();
    const b = await browserB.context.newPage();
    await softphones(a, site.url, kamailio.wsUrl, kamailio.domain, [users[0]!]);
    await softphones(b, site.url, kamailio.wsUrl, kamailio.domain, [users[1]!]);
    await b.evaluate(() => {
      const w = window as unknown as TWin;
      // The callee answers at once: setup time is the network and the two browsers, not a person.
      w.phones[0]!.onIncoming((call) => {
        w.call = call;
        void call.accept();
      });
    });
    for (let i = 0; i < calls; i++) {
      const t = await a.evaluate(async () => {
        const w = window as unknown as TWin;
        w.sipTimes = {};
        const call = await w.phones[0]!.call('callee');
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`call stuck in ${call.state.kind}`)), 20_000);
          const check = () => {
            if (call.state.kind === 'in-call') {
              clearTimeout(timer);
              resolve();
            } else if (call.state.kind === 'ended') reject(new Error(`call ended: ${call.state.detail}`));
          };
          call.onState(check);
          check();
        });
        call.hangUp();
        return { ...w.sipTimes };
      });
      if (t.invite === undefined || t.ok === undefined) throw new Error(`call ${i}: no INVITE/200 seen`);
      setup.push(t.ok - t.invite);
      if (t.ringing !== undefined) ringing.push(t.ringing - t.invite);
      // Both sides back to idle before the next call.
      await b.waitForFunction(() => (window as unknown as TWin).call?.state.kind === 'ended');
    }
    log(`sip: ${calls} calls, setup p50 ${fmt(percentiles(setup).p50)} ms`);

    // Heap per registered UA: one page with the module and JsSIP loaded, then with N registered.
    const m = await browserA.context.newPage();
    await m.goto(site.url);
    await m.waitForSelector('body[data-ready="true"]');
    // Load JsSIP (a softphone that is created and closed without connecting imports it).
    await m.evaluate(async () => {
      const w = window as unknown as TWin;
      const probe = w.parleySoftphone.createSoftphone({
        wsServers: ['ws://127.0.0.1:9/'],
        uri: 'sip:x@probe.invalid',
      });
      await probe.register().catch(() => {});
      await probe.close();
    });
    heapBase = await heapAfterGc(m);
    await m.evaluate(
      async ({ ws, domain, users }) => {
        const w = window as unknown as TWin;
        w.phones = users.map((u) =>
          w.parleySoftphone.createSoftphone({
            wsServers: [ws],
            uri: `sip:${u.user}@${domain}`,
            password: u.password,
          }),
        );
        await Promise.all(w.phones.map((p) => p.register()));
      },
      { ws: kamailio.wsUrl, domain: kamailio.domain, users: users.slice(2) },
    );
    heapWith = await heapAfterGc(m);
  } finally {
    await Promise.allSettled([browserA.close(), browserB.close(), site.close()]);
    await kamailio.stop();
  }
  const s = percentiles(setup);
  const r = percentiles(ringing);
  const perUa = (heapWith - heapBase) / uas;
  const row = (name: string, p: typeof s) =>
    `| ${name} | ${fmt(p.p50)} ms | ${fmt(p.p95)} ms | ${fmt(p.max)} ms | ${fmt(p.mean)} ms |`;
  const markdown = `## SIP over WebSocket (H2 model 1 groundwork): call setup and softphone memory

${header(`Kamailio 5.6.3 (e2e harness config, loopback ws://), console softphone module (JsSIP 3.13.8) built by Vite, two headless Chromium profiles with a fake microphone; ${calls} calls one after another, callee answering at once; then ${uas} softphones registered in one page`)}

| figure (at the caller, from its WebSocket) | p50 | p95 | max | mean |
|---|---|---|---|---|
${row('INVITE sent → 180 Ringing', r)}
${row('INVITE sent → 200 OK (call set up; includes the 407 challenge and the callee’s answer: microphone, ICE gathering, SDP)', s)}

Softphone JS heap per registered user agent: **${fmt(perUa / 1024)} KB** (page heap after GC ${fmt(heapBase / 1048576)} MB with the module and JsSIP loaded, ${fmt(heapWith / 1048576)} MB with ${uas} registered; Chromium's CDP \`Runtime.getHeapUsage\`).`;
  saveResult('sip', { calls, setup: s, ringing: r, heapBase, heapWith, uas, perUaBytes: perUa }, markdown);
  return { setup: s, ringing: r, perUa };
}
