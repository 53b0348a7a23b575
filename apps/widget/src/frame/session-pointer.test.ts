import { describe, expect, it, vi } from 'vitest';
import tr from '../i18n/tr';
import { createTranslator } from '../lib/i18n';
import { createSharedStorage } from '../lib/storage';
import type { FrameToHost } from '../protocol';

// The session's C6 handling: a pointer event becomes a `point` message for the loader, on its page only.
vi.mock('./rpc', () => ({
  startWidget: vi.fn(() => new Promise(() => {})),
  connectWidget: vi.fn(),
}));
const { ChatSession } = await import('./session');

function session(locale: string) {
  const posted: FrameToHost[] = [];
  const s = new ChatSession({
    channelKey: 'pk_test',
    locale,
    t: () => (locale.startsWith('tr') ? createTranslator('tr', tr) : createTranslator('en')),
    storage: createSharedStorage(),
    postToHost: (msg) => posted.push(msg),
  });
  s.handleHost({
    parley: 'init',
    store: {},
    page: { url: 'https://shop.test/pricing?x=1', title: 'Pricing', referrer: '' },
    identity: null,
    open: false,
  });
  return { s, posted };
}

const agent = { id: 'a1', name: 'Ayşe', avatarUrl: null };

describe('pointer events', () => {
  it('asks the loader to highlight the selector, with a localised label', () => {
    const { s, posted } = session('tr-TR');
    s.applyEvent({ type: 'pointer', selector: '#plans', url: 'https://shop.test/pricing', agent });
    expect(posted).toContainEqual({
      parley: 'point',
      selector: '#plans',
      label: 'Ayşe burayı gösteriyor',
    });
  });

  it('ignores a pointer picked on another page', () => {
    const { s, posted } = session('en-US');
    s.applyEvent({ type: 'pointer', selector: '#plans', url: 'https://shop.test/', agent });
    expect(posted.filter((m) => m.parley === 'point')).toEqual([]);
    s.applyEvent({ type: 'pointer', selector: 'h1', url: null, agent });
    expect(posted).toContainEqual({
      parley: 'point',
      selector: 'h1',
      label: 'Ayşe is pointing here',
    });
  });
});

describe('page snapshot requests', () => {
  it('asks the loader for a copy only on the page the agent looks at', () => {
    const { s, posted } = session('en-US');
    s.applyEvent({ type: 'pointer.snapshot', requestId: 'r1', agentId: 'a1', url: 'https://shop.test/' });
    expect(posted.filter((m) => m.parley === 'snap')).toEqual([]);
    s.applyEvent({
      type: 'pointer.snapshot',
      requestId: 'r2',
      agentId: 'a1',
      url: 'https://shop.test/pricing',
    });
    expect(posted.filter((m) => m.parley === 'snap')).toEqual([{ parley: 'snap', id: 'r2' }]);
  });
});
