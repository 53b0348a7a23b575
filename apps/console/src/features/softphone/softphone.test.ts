import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createSoftphone, type TSoftphoneOptions } from './softphone';

/**
 * The registration flow against a fake JsSIP UA (the real one is exercised end to end against
 * Kamailio in e2e/tests/sip-softphone.test.ts): register waits for the WebSocket, a 401 is `auth`,
 * a dropped connection is `connection` and the softphone registers again once JsSIP reconnects.
 */
class FakeUa extends EventEmitter {
  static last: FakeUa | null = null;
  /** What the registrar answers the next UA created. */
  static nextReply: 'ok' | 401 = 'ok';
  connected = false;
  registers = 0;
  reply = FakeUa.nextReply;
  constructor(readonly config: Record<string, unknown>) {
    super();
    FakeUa.last = this;
  }
  isConnected() {
    return this.connected;
  }
  start() {
    queueMicrotask(() => this.connect());
  }
  connect() {
    this.connected = true;
    this.emit('connected', {});
  }
  drop() {
    this.connected = false;
    this.emit('disconnected', { error: true, code: 1006 });
  }
  register() {
    this.registers++;
    queueMicrotask(() => {
      if (this.reply === 'ok') this.emit('registered', {});
      else
        this.emit('registrationFailed', {
          cause: 'Authentication Error',
          response: { status_code: 401, reason_phrase: 'Unauthorized' },
        });
    });
  }
  unregister() {
    queueMicrotask(() => this.emit('unregistered', {}));
  }
  stop() {
    this.connected = false;
  }
}

const fakeJsSip = {
  UA: FakeUa,
  WebSocketInterface: class {
    constructor(readonly url: string) {}
  },
};

function phone(extra: Partial<TSoftphoneOptions> = {}) {
  let loads = 0;
  const softphone = createSoftphone({
    wsServers: ['wss://pbx.example.com/ws'],
    uri: 'sip:agent@pbx.example.com',
    password: 'secret',
    audioElement: {} as HTMLAudioElement,
    loadSip: async () => {
      loads++;
      return fakeJsSip as never;
    },
    ...extra,
  });
  const states: string[] = [];
  softphone.onRegistration((s) => states.push(s.kind === 'failed' ? `failed:${s.reason}` : s.kind));
  return { softphone, states, loads: () => loads };
}

describe('softphone registration', () => {
  it('loads JsSIP only on register, registers once connected, re-registers after a drop', async () => {
    const { softphone, states, loads } = phone();
    expect(loads()).toBe(0);
    await softphone.register();
    expect(loads()).toBe(1);
    const ua = FakeUa.last as FakeUa;
    expect(ua.config).toMatchObject({
      uri: 'sip:agent@pbx.example.com',
      password: 'secret',
      register: false,
    });
    expect(ua.registers).toBe(1);
    ua.drop();
    expect(softphone.registration).toMatchObject({ kind: 'failed', reason: 'connection' });
    ua.connect();
    await Promise.resolve();
    expect(ua.registers).toBe(2);
    expect(states).toEqual(['registering', 'registered', 'failed:connection', 'registered']);
    await softphone.close();
    expect(softphone.registration.kind).toBe('idle');
  });

  it('a wrong password rejects with the reason auth and its status', async () => {
    const { softphone } = phone();
    FakeUa.nextReply = 401;
    const pending = softphone.register();
    await expect(pending).rejects.toThrow('SIP registration failed (auth): 401 Unauthorized');
    expect(softphone.registration).toEqual({ kind: 'failed', reason: 'auth', detail: '401 Unauthorized' });
    FakeUa.nextReply = 'ok';
  });

  it('after unregister a reconnection does not register again', async () => {
    const { softphone } = phone();
    await softphone.register();
    const ua = FakeUa.last as FakeUa;
    await softphone.unregister();
    ua.drop();
    ua.connect();
    await Promise.resolve();
    expect(ua.registers).toBe(1);
    expect(softphone.registration.kind).toBe('unregistered');
  });
});
