import { textOn } from '../lib/contrast';
import { createTranslator, isolate, type Translate } from '../lib/i18n';
import { mergeMessages } from '../lib/messages';
import { isSamePage } from '../lib/pointer';
import { readJson, type SharedStorage } from '../lib/storage';
import { uuid } from '../lib/uuid';
import type { FrameToHost, HostToFrame } from '../protocol';
import type { Contact, Identity, PageInfo, WidgetEvent, WidgetMessage } from '../types';
import { startWidget } from './rpc';
import { createConnection, type SessionConnection } from './session-connection';
import { createInvitationScheduler, type InvitationScheduler } from './session-invitations';
import { createReadTracker, type ReadTracker } from './session-reads';
import { createMessageSender, type MessageSender } from './session-sending';
import { type ChatState, type SessionContext, SessionStore, sessionKeys } from './session-state';
import { createAgentTyping } from './session-typing';

type CallChunk = typeof import('./call/index');

export type { ChatState, Notice } from './session-state';

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
  /** G5: the widget's current language (it may change once the channel's setting arrives); English without. */
  t?: () => Translate;
}

const DEFAULT_COLOR = '#2563eb';

/**
 * The visitor's chat, independent of the UI. It answers the loader, starts the widget and applies
 * what the server says; its parts keep the rest: the socket (session-connection), what the visitor
 * sends (session-sending), unread and read receipts (session-reads), invitations
 * (session-invitations), agents typing (session-typing). The Preact app renders `state` and calls
 * the methods.
 */
export class ChatSession {
  private readonly ctx: SessionContext;
  private readonly store = new SessionStore();
  private readonly connection: SessionConnection;
  private readonly sender: MessageSender;
  private readonly reads: ReadTracker;
  private readonly invitations: InvitationScheduler;
  private readonly setTyping: ReturnType<typeof createAgentTyping>;
  private page: PageInfo = { url: '', title: '', referrer: '' };
  /** C6: page snapshots agents asked for, by request id → the agent to answer. */
  private snapshotRequests = new Map<string, string>();
  private identity: Identity | null = null;
  private readyPosted = false;
  private retryDelay = 0;
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  /** H1: the call chunk, loaded the first time the visitor presses Call. */
  private callChunk: Promise<CallChunk> | null = null;
  call: { ui: CallChunk['CallBar']; controller: InstanceType<CallChunk['CallController']> } | null = null;

  constructor(private readonly opts: SessionOptions) {
    const { storage } = opts;
    const keys = sessionKeys(opts.channelKey);
    this.ctx = { store: this.store, storage, keys, post: (msg) => opts.postToHost(msg) };
    this.connection = createConnection(this.ctx, {
      opened: () => void this.sender.flushQueue(),
      event: (event) => this.applyEvent(event),
      tokenRejected: () => void this.start(),
    });
    this.sender = createMessageSender(this.ctx, {
      socket: () => this.connection.socket(),
      delivered: (message) => this.applyMessage(message),
      banned: () => this.becomeBanned(),
    });
    this.reads = createReadTracker(
      this.ctx,
      () => opts.isVisible?.() ?? true,
      () => this.connection.socket()?.read(),
    );
    this.invitations = createInvitationScheduler(this.ctx);
    this.setTyping = createAgentTyping(this.store);
    this.store.state.pending = this.sender.pending();
    this.store.state.draft = storage.getItem(keys.draft) ?? '';
    this.store.state.preChatDone = storage.getItem(keys.prechat) === '1';
    // Other tabs of the same site share this visitor: follow their queue, draft, reads and open state.
    storage.onChange((key) => {
      if (key === keys.outbox) this.store.set({ pending: this.sender.pending() });
      else if (key === keys.draft) this.store.set({ draft: storage.getItem(key) ?? '' });
      else if (key === keys.seen) this.reads.updateUnread();
      else if (key === keys.open) {
        const open = storage.getItem(key) === '1';
        if (open !== this.state.open) this.post({ parley: open ? 'open' : 'close' });
      }
    });
  }

  private t(): Translate {
    return this.opts.t?.() ?? createTranslator('en');
  }

  get state(): ChatState {
    return this.store.state;
  }

  subscribe(fn: () => void): () => void {
    return this.store.subscribe(fn);
  }

  private set(patch: Partial<ChatState>) {
    this.store.set(patch);
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
        this.invitations.enterPage(msg.page, false);
        void this.start();
        break;
      case 'page':
        this.page = msg.page;
        this.invitations.enterPage(msg.page, true);
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
          this.connection
            .socket()
            ?.pageSnapshot({ requestId: msg.id, agentId, url: this.page.url, ...msg.copy })
            .catch(() => {});
      }
    }
  }

  // ---- start --------------------------------------------------------------------------------

  async start(): Promise<void> {
    clearTimeout(this.startTimer);
    const { storage, keys } = this.ctx;
    const oldToken = storage.getItem(keys.token);
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
        storage.setItem(keys.token, out.visitorToken);
        for (const key of [keys.eid, keys.seen, keys.prechat]) storage.removeItem(key);
      }
      // A new stream continues from the moment of this snapshot, so an agent message sent while the
      // socket connects (F2, a proactive chat right as the page loads) is not missed.
      if (out.eventId && !storage.getItem(keys.eid)) storage.setItem(keys.eid, out.eventId);
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
        transcriptAvailable: out.features?.transcript === true,
        // G7: a chat that ended while the visitor was away (or before a reload) is still rated.
        ...(!conv && !keepConv && out.endedConversationId
          ? { ended: true, endedConversationId: out.endedConversationId }
          : {}),
        messages,
        hasMore: conv?.hasMore ?? false,
        pending: this.sender.settle(messages),
        preChatDone: sameVisitor && this.state.preChatDone,
      });
      // The invitation the visitor answered stays at the top of that conversation, on every page.
      const answered = readJson<{ id: string; text: string }>(storage, keys.invconv);
      if (conv && answered?.id === conv.id) this.set({ invitation: answered.text });
      this.reads.updateUnread();
      if (!out.banned) this.connection.ensure(out.visitorToken);
      if (!this.readyPosted) {
        this.readyPosted = true;
        const color = /^#[0-9a-f]{3,8}$/i.test(out.channel.config.color)
          ? out.channel.config.color
          : DEFAULT_COLOR;
        this.post({
          parley: 'ready',
          color,
          on: textOn(color),
          position: out.channel.config.position === 'left' ? 'left' : 'right',
          open: !out.banned && storage.getItem(keys.open) === '1',
        });
        this.startTimers();
      }
      this.invitations.schedule();
    } catch {
      if (this.state.phase !== 'ready') this.set({ phase: 'error' });
      this.retryDelay = Math.min(30_000, (this.retryDelay || 1000) * 2);
      this.startTimer = setTimeout(() => void this.start(), this.retryDelay);
    }
  }

  /** C4: chat is unavailable from now on; the socket closes, since the server refuses everything. */
  private becomeBanned() {
    this.sender.stop();
    this.connection.close();
    this.set({ banned: true, connected: false, typing: [] });
  }

  private startTimers() {
    setInterval(() => {
      if (this.state.connected)
        this.connection
          .socket()
          ?.ping()
          .catch(() => {});
    }, 15_000);
    // Leaving is told by the loader (src/loader/tabs.ts): only it knows whether another tab is open.
    document.addEventListener('visibilitychange', () => this.reads.markRead());
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
        if (conv?.id === event.conversationId)
          this.set({ conversation: null, ended: true, typing: [], endedConversationId: conv.id });
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
            label: this.t()('pointer', {
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
        break;
      // H1: only a page that started the call has it (its chunk and its peer connection).
      case 'call.updated':
        this.call?.controller.apply(event.call);
        break;
      case 'call.signal':
        this.call?.controller.signal(event.callId, event.signal);
    }
  }

  /** H1: the visitor presses Call; the call's code loads now, not with the widget. */
  async startCall(): Promise<void> {
    this.callChunk ??= import('./call/index').then((chunk) => {
      this.call = {
        ui: chunk.CallBar,
        controller: new chunk.CallController(
          this.store,
          () => this.connection.socket(),
          () => this.connection.token(),
        ),
      };
      return chunk;
    });
    try {
      await this.callChunk;
    } catch {
      this.callChunk = null;
      this.set({ notice: 'genericError' });
      return;
    }
    await this.call?.controller.start();
  }

  /** The token uploads (POST /uploads/file) authenticate with; null before the widget started. */
  get visitorToken(): string | null {
    return this.connection.token();
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
      pending: this.sender.settle([m]),
    });
    // The invitation stays in the transcript; only the bubble by the launcher goes.
    if (this.state.invitation) this.post({ parley: 'bubble', text: '' });
    if (m.agent) this.setTyping(m.agent, false);
    if (!known) {
      this.post({ parley: 'message', body: m.body, author: m.author });
      if (m.author === 'agent') this.announce(m);
      // Read first when the visitor is looking, so the badge never flickers.
      this.reads.markRead();
      this.reads.updateUnread();
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
    const t = this.t();
    const body = m.body.length > 140 ? `${m.body.slice(0, 139)}…` : m.body;
    this.post({
      parley: 'bubble',
      text: `${isolate(m.bot?.name ?? m.agent?.name ?? t('support'))}: ${isolate(body)}`,
    });
  }

  // ---- open state ---------------------------------------------------------------------------

  setOpen(open: boolean): void {
    if (open === this.state.open) return;
    this.ctx.storage.setItem(this.ctx.keys.open, open ? '1' : '0');
    this.set({ open });
    if (open) this.reads.markRead();
    this.invitations.schedule();
  }

  /** Asks the loader to close (the header's close button, Esc). */
  requestClose(): void {
    this.post({ parley: 'close' });
  }

  // ---- composing and sending (session-sending.ts) -------------------------------------------

  setDraft(text: string): void {
    this.sender.setDraft(text);
  }

  send(body: string): boolean {
    return this.sender.send(body);
  }

  retry(clientId: string): void {
    this.sender.retry(clientId);
  }

  discard(clientId: string): void {
    this.sender.discard(clientId);
  }

  async loadEarlier(): Promise<void> {
    const first = this.state.messages[0];
    const socket = this.connection.socket();
    if (!socket || !first) return;
    const page = await socket.history(first.id);
    this.set({ messages: mergeMessages(this.state.messages, page.messages), hasMore: page.hasMore });
  }

  // ---- forms --------------------------------------------------------------------------------

  async saveContact(contact: Contact): Promise<void> {
    const socket = this.connection.socket();
    if (!socket) throw new Error('not connected');
    const visitor = await socket.setContact(contact);
    this.set({ visitor });
  }

  /** Pre-chat form: saves what was given (if anything) and lets the visitor chat. */
  async submitPreChat(contact: Contact): Promise<void> {
    if (contact.name || contact.email || contact.phone) await this.saveContact(contact);
    this.ctx.storage.setItem(this.ctx.keys.prechat, '1');
    this.set({ preChatDone: true });
  }

  /** G7: the open socket, for the rating and transcript panel (null while connecting). */
  socket() {
    return this.connection.socket();
  }

  /** G7: the visitor ends the chat; the server's `conversation.closed` then opens the rating panel. */
  async endChat(): Promise<void> {
    const conv = this.state.conversation;
    const socket = this.connection.socket();
    if (!conv || !socket) return;
    await socket.end(conv.id);
    if (this.state.conversation?.id === conv.id)
      this.set({ conversation: null, ended: true, typing: [], endedConversationId: conv.id });
  }

  async submitOffline(input: { name: string; email: string; body: string }): Promise<void> {
    const socket = this.connection.socket();
    if (!socket) throw new Error('not connected');
    await socket.offlineMessage({ clientId: uuid(), ...input });
    this.set({ offlineSent: input.email });
  }
}
