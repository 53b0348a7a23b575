import { createTranslator, isolate, pickLocale } from '../lib/i18n';
import { findInvitation, nextInvitationDelay } from '../lib/invitations';
import { mergeMessages } from '../lib/messages';
import { createFlusher, createOutbox, type PendingMessage, type SendOutcome } from '../lib/outbox';
import { isSamePage } from '../lib/pointer';
import { readJson, type SharedStorage, writeJson } from '../lib/storage';
import { createThrottle } from '../lib/throttle';
import { uuid } from '../lib/uuid';
import { type FrameToHost, type HostToFrame, storePrefix } from '../protocol';
import {
  type Contact,
  type Identity,
  LIMITS,
  type PageInfo,
  type StartOutput,
  type Visitor,
  type WebsiteConfig,
  type WidgetAgent,
  type WidgetEvent,
  type WidgetMessage,
} from '../types';
import { connectWidget, type RpcError, startWidget, type WidgetSocket } from './rpc';

export type Notice = 'rateLimited' | 'genericError' | 'tooLong' | null;

export interface ChatState {
  phase: 'loading' | 'error' | 'ready';
  banned: boolean;
  channelName: string;
  config: WebsiteConfig | null;
  visitor: Visitor | null;
  visit: StartOutput['visit'] | null;
  agentsOnline: boolean;
  conversation: { id: string; agents: WidgetAgent[]; agentReadAt: string | null } | null;
  /** Set when the agent closed the conversation; the next message starts a new one. */
  ended: boolean;
  messages: WidgetMessage[];
  hasMore: boolean;
  pending: PendingMessage[];
  connected: boolean;
  typing: WidgetAgent[];
  open: boolean;
  unread: number;
  invitation: string | null;
  draft: string;
  notice: Notice;
  preChatDone: boolean;
  /** The email the offline form's message will be answered at, once sent. */
  offlineSent: string | null;
  /** Bumped when the visitor opened the chat themselves: the UI moves focus into it then. */
  focusTick: number;
}

export interface SessionOptions {
  channelKey: string;
  locale: string;
  /** The host site's storage, through the loader; other tabs' changes arrive via `onChange`. */
  storage: SharedStorage;
  postToHost(msg: FrameToHost): void;
  /** Whether the frame's page is visible (the host tab is in front). */
  isVisible?: () => boolean;
  /** A short sound for a new agent message the visitor is not looking at. */
  chime?: () => void;
}

const DEFAULT_COLOR = '#2563eb';
const TYPING_EXPIRY_MS = 8000;

/**
 * The visitor's chat, independent of the UI: the start call, the socket, the offline queue,
 * unread counting, typing, invitations. The Preact app renders `state` and calls the methods.
 */
export class ChatSession {
  state: ChatState = {
    phase: 'loading',
    banned: false,
    channelName: '',
    config: null,
    visitor: null,
    visit: null,
    agentsOnline: false,
    conversation: null,
    ended: false,
    messages: [],
    hasMore: false,
    pending: [],
    connected: false,
    typing: [],
    open: false,
    unread: 0,
    invitation: null,
    draft: '',
    notice: null,
    preChatDone: false,
    offlineSent: null,
    focusTick: 0,
  };

  private readonly listeners = new Set<() => void>();
  private readonly keys: Record<
    'token' | 'outbox' | 'eid' | 'seen' | 'open' | 'draft' | 'inv' | 'invconv' | 'prechat',
    string
  >;
  private readonly outbox;
  private readonly flush;
  private readonly typingThrottle;
  private socket: WidgetSocket | null = null;
  private socketToken: string | null = null;
  private subscription: { unsubscribe(): void } | null = null;
  private page: PageInfo = { url: '', title: '', referrer: '' };
  /** C6: page snapshots agents asked for, by request id → the agent to answer. */
  private snapshotRequests = new Map<string, string>();
  private identity: Identity | null = null;
  private pageStartedAt = Date.now();
  private invitationShownOnPage = false;
  private readyPosted = false;
  private retryDelay = 0;
  private lastReadSent = '';
  private lastTypingSent = '';
  private timers: Record<string, ReturnType<typeof setTimeout> | undefined> = {};
  private typingTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly opts: SessionOptions) {
    const k = (name: string) => `${storePrefix(opts.channelKey)}${name}`;
    this.keys = {
      token: k('token'),
      outbox: k('outbox'),
      eid: k('eid'),
      seen: k('seen'),
      open: k('open'),
      draft: k('draft'),
      inv: k('inv'),
      invconv: k('invconv'),
      prechat: k('prechat'),
    };
    this.outbox = createOutbox(opts.storage, this.keys.outbox);
    this.flush = createFlusher(this.outbox, (p) => this.sendPending(p));
    this.typingThrottle = createThrottle((text: string) => this.sendTyping(text), 350);
    this.state.pending = this.outbox.list();
    this.state.draft = opts.storage.getItem(this.keys.draft) ?? '';
    this.state.preChatDone = opts.storage.getItem(this.keys.prechat) === '1';
    // Other tabs of the same site share this visitor: follow their queue, draft, reads and open state.
    opts.storage.onChange((key) => {
      if (key === this.keys.outbox) this.set({ pending: this.outbox.list() });
      else if (key === this.keys.draft) this.set({ draft: opts.storage.getItem(key) ?? '' });
      else if (key === this.keys.seen) this.updateUnread();
      else if (key === this.keys.open) {
        const open = opts.storage.getItem(key) === '1';
        if (open !== this.state.open) this.post({ parley: open ? 'open' : 'close' });
      }
    });
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<ChatState>) {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }

  private post(msg: FrameToHost) {
    this.opts.postToHost(msg);
  }

  // ---- messages from the loader -------------------------------------------------------------

  handleHost(msg: HostToFrame): void {
    switch (msg.parley) {
      case 'init':
        this.page = msg.page;
        this.identity = msg.identity;
        this.pageStartedAt = Date.now();
        void this.start();
        break;
      case 'page':
        this.page = msg.page;
        this.pageStartedAt = Date.now();
        this.invitationShownOnPage = false;
        if (this.state.invitation && !this.state.conversation) this.setInvitation(null);
        void this.start();
        break;
      case 'identify':
        this.identity = msg.identity;
        void this.start();
        break;
      case 'contact':
        void this.saveContact(msg.contact).catch(() => {});
        break;
      case 'open':
        this.setOpen(true);
        if (msg.focus) this.set({ focusTick: this.state.focusTick + 1 });
        break;
      case 'close':
        this.setOpen(false);
        break;
      case 'snap': {
        // Only a request this frame passed on, answered once.
        const agentId = this.snapshotRequests.get(msg.id);
        this.snapshotRequests.delete(msg.id);
        if (agentId && msg.copy)
          this.socket
            ?.pageSnapshot({ requestId: msg.id, agentId, url: this.page.url, ...msg.copy })
            .catch(() => {});
      }
    }
  }

  // ---- start and socket ---------------------------------------------------------------------

  async start(): Promise<void> {
    clearTimeout(this.timers.start);
    const { storage } = this.opts;
    const oldToken = storage.getItem(this.keys.token);
    try {
      const out = await startWidget({
        channelKey: this.opts.channelKey,
        visitorToken: oldToken,
        identity: this.identity,
        page: this.page,
        locale: this.opts.locale,
      });
      this.retryDelay = 0;
      const sameVisitor = oldToken === out.visitorToken;
      if (!sameVisitor) {
        // Another visitor (identify, or our token was unknown): forget the old one's stream state.
        storage.setItem(this.keys.token, out.visitorToken);
        for (const key of [this.keys.eid, this.keys.seen, this.keys.prechat]) storage.removeItem(key);
      }
      // A new stream continues from the moment of this snapshot, so an agent message sent while the
      // socket connects (F2, a proactive chat right as the page loads) is not missed.
      if (out.eventId && !storage.getItem(this.keys.eid)) storage.setItem(this.keys.eid, out.eventId);
      const conv = out.conversation;
      const base = sameVisitor ? this.state.messages : [];
      const messages = mergeMessages(base, conv?.messages ?? []);
      const keepConv = sameVisitor && !conv && this.state.conversation;
      this.set({
        phase: 'ready',
        banned: out.banned,
        channelName: out.channel.name,
        config: out.channel.config,
        visitor: out.visitor,
        visit: out.visit,
        agentsOnline: out.channel.agentsOnline,
        conversation: conv
          ? { id: conv.id, agents: conv.agents, agentReadAt: conv.agentReadAt }
          : keepConv
            ? this.state.conversation
            : null,
        ended: conv ? false : this.state.ended,
        messages,
        hasMore: conv?.hasMore ?? false,
        pending: this.outbox.settle(messages),
        preChatDone: sameVisitor && this.state.preChatDone,
      });
      // The invitation the visitor answered stays at the top of that conversation, on every page.
      const answered = readJson<{ id: string; text: string }>(storage, this.keys.invconv);
      if (conv && answered?.id === conv.id) this.set({ invitation: answered.text });
      this.updateUnread();
      if (!out.banned) this.ensureSocket(out.visitorToken);
      if (!this.readyPosted) {
        this.readyPosted = true;
        const color = /^#[0-9a-f]{3,8}$/i.test(out.channel.config.color)
          ? out.channel.config.color
          : DEFAULT_COLOR;
        this.post({
          parley: 'ready',
          color,
          position: out.channel.config.position === 'left' ? 'left' : 'right',
          open: !out.banned && storage.getItem(this.keys.open) === '1',
        });
        this.startTimers();
      }
      this.scheduleInvitation();
    } catch {
      if (this.state.phase !== 'ready') this.set({ phase: 'error' });
      this.retryDelay = Math.min(30_000, (this.retryDelay || 1000) * 2);
      this.timers.start = setTimeout(() => void this.start(), this.retryDelay);
    }
  }

  /** C4: chat is unavailable from now on; the socket closes, since the server refuses everything. */
  private becomeBanned() {
    clearTimeout(this.timers.flush);
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.socket?.close();
    this.socket = null;
    this.socketToken = null;
    this.set({ banned: true, connected: false, typing: [] });
  }

  private ensureSocket(token: string) {
    if (this.socket && this.socketToken === token) return;
    this.subscription?.unsubscribe();
    this.socket?.close();
    this.socketToken = token;
    const socket = connectWidget(token, {
      onOpen: () => {
        this.set({ connected: true });
        void this.flushQueue();
      },
      onClose: () => this.set({ connected: false }),
    });
    this.socket = socket;
    this.subscribeEvents();
  }

  private subscribeEvents() {
    const socket = this.socket;
    if (!socket) return;
    this.subscription = socket.events(
      this.opts.storage.getItem(this.keys.eid),
      (event, id) => {
        if (id) this.opts.storage.setItem(this.keys.eid, id);
        this.applyEvent(event);
      },
      (err: RpcError) => {
        if (socket !== this.socket) return;
        this.subscription = null;
        if (err.status === 401) {
          // The token is no longer valid: start again (the server hands out a new one).
          this.socket.close();
          this.socket = null;
          this.socketToken = null;
          void this.start();
        } else {
          // Our lastEventId may be too old for the server: resume from now, history fills gaps.
          this.opts.storage.removeItem(this.keys.eid);
          this.timers.resub = setTimeout(() => this.subscribeEvents(), 3000);
        }
      },
    );
  }

  private startTimers() {
    setInterval(() => {
      if (this.state.connected) this.socket?.ping().catch(() => {});
    }, 15_000);
    // Leaving is told by the loader (src/loader/tabs.ts): only it knows whether another tab is open.
    document.addEventListener('visibilitychange', () => this.markRead());
  }

  // ---- events -------------------------------------------------------------------------------

  applyEvent(event: WidgetEvent): void {
    const conv = this.state.conversation;
    switch (event.type) {
      case 'message':
        this.applyMessage(event.message);
        break;
      case 'agent.joined':
      case 'agent.left': {
        if (!conv) break;
        const agents = conv.agents.filter((a) => a.id !== event.agent.id);
        if (event.type === 'agent.joined') agents.push(event.agent);
        this.set({ conversation: { ...conv, agents } });
        break;
      }
      case 'read':
        if (conv) this.set({ conversation: { ...conv, agentReadAt: event.at } });
        break;
      case 'conversation.closed':
        if (conv?.id === event.conversationId) this.set({ conversation: null, ended: true, typing: [] });
        break;
      case 'agents.online':
        this.set({ agentsOnline: event.online });
        break;
      case 'typing':
        this.setTyping(event.agent, event.typing);
        break;
      case 'banned':
        this.becomeBanned();
        break;
      case 'pointer':
        // C6: the loader (in the host page) scrolls to and highlights it; other pages ignore it.
        if (isSamePage(event.url, this.page.url))
          this.post({
            parley: 'point',
            selector: event.selector,
            label: createTranslator(pickLocale([this.opts.locale]))('pointer', {
              name: event.agent.name,
            }),
          });
        break;
      case 'pointer.snapshot':
        // C6 on another site: the loader copies the page (sanitised) for the agent to pick in.
        if (isSamePage(event.url, this.page.url)) {
          // Requests the loader never answered (its chunk failed to load) do not pile up.
          if (this.snapshotRequests.size >= 8) this.snapshotRequests.clear();
          this.snapshotRequests.set(event.requestId, event.agentId);
          this.post({ parley: 'snap', id: event.requestId });
        }
    }
  }

  /** The token uploads (POST /uploads/file) authenticate with; null before the widget started. */
  get visitorToken(): string | null {
    return this.socketToken;
  }

  /** A message stored by another path (a file upload); the same as one arriving live. */
  receive(m: WidgetMessage): void {
    this.applyMessage(m);
  }

  private applyMessage(m: WidgetMessage) {
    const known = this.state.messages.some((x) => x.id === m.id || (m.clientId && x.clientId === m.clientId));
    const messages = mergeMessages(this.state.messages, [m]);
    let conv = this.state.conversation;
    if (!conv || conv.id !== m.conversationId) {
      conv = { id: m.conversationId, agents: m.agent ? [m.agent] : [], agentReadAt: null };
    }
    this.set({
      messages,
      conversation: conv,
      ended: false,
      pending: this.outbox.settle([m]),
    });
    // The invitation stays in the transcript; only the bubble by the launcher goes.
    if (this.state.invitation) this.post({ parley: 'bubble', text: '' });
    if (m.agent) this.setTyping(m.agent, false);
    if (!known) {
      this.post({ parley: 'message', body: m.body, author: m.author });
      if (m.author === 'agent') this.announce(m);
      // Read first when the visitor is looking, so the badge never flickers.
      this.markRead();
      this.updateUnread();
    }
  }

  /**
   * F2: an agent's message the visitor is not looking at (a proactive first message, or a reply
   * while the chat is closed) shows as a bubble by the launcher and plays the chime.
   */
  private announce(m: WidgetMessage) {
    const looking = this.state.open && (this.opts.isVisible?.() ?? true);
    if (looking) return;
    this.opts.chime?.();
    if (this.state.open) return;
    const t = createTranslator(pickLocale([this.opts.locale]));
    const body = m.body.length > 140 ? `${m.body.slice(0, 139)}…` : m.body;
    this.post({ parley: 'bubble', text: `${isolate(m.agent?.name ?? t('support'))}: ${isolate(body)}` });
  }

  private setTyping(agent: WidgetAgent, typing: boolean) {
    clearTimeout(this.typingTimers.get(agent.id));
    const others = this.state.typing.filter((a) => a.id !== agent.id);
    if (typing) {
      this.typingTimers.set(
        agent.id,
        setTimeout(() => this.setTyping(agent, false), TYPING_EXPIRY_MS),
      );
    }
    if (typing || others.length !== this.state.typing.length)
      this.set({ typing: typing ? [...others, agent] : others });
  }

  // ---- open state, unread, read receipts ----------------------------------------------------

  setOpen(open: boolean): void {
    if (open === this.state.open) return;
    this.opts.storage.setItem(this.keys.open, open ? '1' : '0');
    this.set({ open });
    if (open) this.markRead();
    this.scheduleInvitation();
  }

  /** Asks the loader to close (the header's close button, Esc). */
  requestClose(): void {
    this.post({ parley: 'close' });
  }

  private lastAgentMessageAt(): string {
    for (let i = this.state.messages.length - 1; i >= 0; i--) {
      const m = this.state.messages[i];
      if (m?.author === 'agent') return m.createdAt;
    }
    return '';
  }

  private updateUnread() {
    const seen = this.opts.storage.getItem(this.keys.seen) ?? '';
    const unread = this.state.messages.filter((m) => m.author === 'agent' && m.createdAt > seen).length;
    if (unread !== this.state.unread) {
      this.set({ unread });
      this.post({ parley: 'unread', count: unread });
    }
  }

  private markRead() {
    const visible = this.opts.isVisible?.() ?? true;
    if (!this.state.open || !visible) return;
    const last = this.lastAgentMessageAt();
    if (!last) return;
    const seen = this.opts.storage.getItem(this.keys.seen) ?? '';
    if (last > seen) this.opts.storage.setItem(this.keys.seen, last);
    this.updateUnread();
    if (last > this.lastReadSent && this.state.conversation) {
      this.lastReadSent = last;
      this.socket?.read().catch(() => {
        this.lastReadSent = '';
      });
    }
  }

  // ---- composing and sending ----------------------------------------------------------------

  setDraft(text: string): void {
    this.set({ draft: text, notice: this.state.notice === 'tooLong' ? null : this.state.notice });
    writeJson(this.opts.storage, this.keys.draft, text || null);
    if (text.trim()) this.typingThrottle.push(text.slice(0, LIMITS.typing));
    else if (this.lastTypingSent) this.typingThrottle.flush('');
  }

  private sendTyping(text: string) {
    if (text === this.lastTypingSent || !this.state.connected) return;
    this.lastTypingSent = text;
    this.socket?.typing(text).catch(() => {});
  }

  send(body: string): boolean {
    const text = body.trim();
    if (!text) return false;
    if (text.length > LIMITS.body) {
      this.set({ notice: 'tooLong' });
      return false;
    }
    this.outbox.enqueue({
      clientId: uuid(),
      body: text,
      createdAt: new Date().toISOString(),
      invitationText: this.state.conversation ? null : this.state.invitation,
    });
    this.set({ pending: this.outbox.list(), notice: null });
    this.setDraft('');
    this.typingThrottle.flush('');
    void this.flushQueue();
    return true;
  }

  retry(clientId: string): void {
    this.outbox.markFailed(clientId, false);
    this.set({ pending: this.outbox.list() });
    void this.flushQueue();
  }

  discard(clientId: string): void {
    this.outbox.remove(clientId);
    this.set({ pending: this.outbox.list() });
  }

  private async flushQueue() {
    await this.flush();
    this.set({ pending: this.outbox.list() });
  }

  private async sendPending(p: PendingMessage): Promise<SendOutcome> {
    const socket = this.socket;
    if (!socket || !this.state.connected) return 'retry';
    try {
      const message = await socket.send({
        clientId: p.clientId,
        body: p.body,
        invitationText: p.invitationText,
      });
      if (p.invitationText)
        writeJson(this.opts.storage, this.keys.invconv, {
          id: message.conversationId,
          text: p.invitationText,
        });
      this.applyMessage(message);
      return 'sent';
    } catch (e) {
      const { status, appCode } = e as RpcError;
      if (appCode === 'widget.banned') {
        this.becomeBanned();
        return 'failed';
      }
      if (status === 429) {
        this.set({ notice: 'rateLimited' });
        clearTimeout(this.timers.flush);
        this.timers.flush = setTimeout(() => void this.flushQueue(), 5000);
        return 'retry';
      }
      if (status && status >= 400 && status < 500 && status !== 401 && status !== 408) {
        this.set({ notice: 'genericError' });
        return 'failed';
      }
      return 'retry';
    }
  }

  async loadEarlier(): Promise<void> {
    const first = this.state.messages[0];
    if (!this.socket || !first) return;
    const page = await this.socket.history(first.id);
    this.set({ messages: mergeMessages(this.state.messages, page.messages), hasMore: page.hasMore });
  }

  // ---- forms --------------------------------------------------------------------------------

  async saveContact(contact: Contact): Promise<void> {
    if (!this.socket) throw new Error('not connected');
    const visitor = await this.socket.setContact(contact);
    this.set({ visitor });
  }

  /** Pre-chat form: saves what was given (if anything) and lets the visitor chat. */
  async submitPreChat(contact: Contact): Promise<void> {
    if (contact.name || contact.email || contact.phone) await this.saveContact(contact);
    this.opts.storage.setItem(this.keys.prechat, '1');
    this.set({ preChatDone: true });
  }

  async submitOffline(input: { name: string; email: string; body: string }): Promise<void> {
    if (!this.socket) throw new Error('not connected');
    await this.socket.offlineMessage({ clientId: uuid(), ...input });
    this.set({ offlineSent: input.email });
  }

  // ---- automatic invitations (F3) -----------------------------------------------------------

  private shownInvitations(): Set<string> {
    const v = readJson<{ visit: string; ids: string[] }>(this.opts.storage, this.keys.inv);
    return new Set(v && v.visit === this.state.visit?.id ? v.ids : []);
  }

  private scheduleInvitation() {
    clearTimeout(this.timers.invite);
    const { config, visit, conversation, invitation, banned } = this.state;
    if (!config?.invitations?.length || !visit || conversation || invitation || banned) return;
    if (this.invitationShownOnPage) return;
    const ctx = {
      url: this.page.url,
      secondsOnPage: (Date.now() - this.pageStartedAt) / 1000,
      visitNumber: visit.number,
      source: visit.source,
      shown: this.shownInvitations(),
    };
    const rule = findInvitation(config.invitations, ctx);
    if (rule) {
      this.invitationShownOnPage = true;
      writeJson(this.opts.storage, this.keys.inv, { visit: visit.id, ids: [...ctx.shown, rule.id] });
      this.setInvitation(rule.text);
      return;
    }
    const wait = nextInvitationDelay(config.invitations, ctx);
    if (wait !== null) this.timers.invite = setTimeout(() => this.scheduleInvitation(), wait * 1000 + 50);
  }

  private setInvitation(text: string | null) {
    this.set({ invitation: text });
    this.post({ parley: 'bubble', text: text ?? '' });
  }
}
