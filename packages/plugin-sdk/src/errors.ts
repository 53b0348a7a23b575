/**
 * Why a plugin call failed:
 * - `input`: the caller's data was refused (text too long, outside the reply window): not retried,
 *   not counted against the install's health;
 * - `auth`: credentials refused: not retried, counted;
 * - `provider`/`network`/`timeout`: retried for sends, counted;
 * - `disabled`: the install is disabled; `invalid_plugin`: the plugin broke the contract.
 */
export type PluginErrorKind =
  | 'input'
  | 'auth'
  | 'provider'
  | 'network'
  | 'timeout'
  | 'disabled'
  | 'invalid_plugin'
  | 'config'
  | 'internal';

export interface PluginErrorOptions {
  kind?: PluginErrorKind;
  plugin?: string;
  installId?: string;
  retryable?: boolean;
  /** Provider's own error code, e.g. WhatsApp 131047 (reply window closed). */
  code?: string;
  /** The provider asked to wait this long before trying again (Telegram `retry_after`, `Retry-After`). */
  retryAfterMs?: number;
  cause?: unknown;
}

const PUBLIC_REASONS: Record<PluginErrorKind | 'private_destination', string> = {
  input: 'the provider refused this request',
  auth: 'the provider refused the credentials',
  provider: 'the provider answered with an error',
  network: 'the provider could not be reached',
  timeout: 'the provider did not answer in time',
  disabled: 'the integration is turned off',
  invalid_plugin: 'the plugin broke the rules of the plugin API',
  config: 'the settings are not valid',
  internal: 'the plugin failed',
  private_destination: 'the address is on a private network, which this server does not allow',
};

/**
 * Marks PluginErrors across copies of this package: a plugin bundles or installs its own copy of the
 * SDK, the server has another, and `instanceof` must hold across them (a registry-wide symbol is the
 * same in every copy; a class is not).
 */
const BRAND = Symbol.for('parley.plugin-sdk.PluginError');

/** Every error leaving the host is a PluginError stamped with the plugin's name and install id. */
export class PluginError extends Error {
  override name = 'PluginError';
  readonly [BRAND] = true;
  kind: PluginErrorKind;
  plugin: string | undefined;
  installId: string | undefined;
  retryable: boolean;
  code: string | undefined;
  retryAfterMs: number | undefined;

  constructor(message: string, options: PluginErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = options.kind ?? 'internal';
    this.plugin = options.plugin;
    this.installId = options.installId;
    this.code = options.code;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable = options.retryable ?? ['provider', 'network', 'timeout', 'internal'].includes(this.kind);
  }

  /** True for a PluginError made by any copy of the SDK (see BRAND). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** Wrap anything thrown by plugin code, keeping a PluginError's own kind and flags. */
  static from(error: unknown, stamp: { plugin: string; installId?: string }): PluginError {
    // This copy's own errors are kept; another copy's (a plugin's SDK) are rebuilt below, so the
    // host's methods (publicReason, summary) are its own whatever SDK version the plugin has.
    if (error instanceof Error && Object.getPrototypeOf(error) === PluginError.prototype) {
      const own = error as PluginError;
      own.plugin ??= stamp.plugin;
      own.installId ??= stamp.installId;
      return own;
    }
    // PluginErrors from another copy of this package (branded, or by name from SDKs before the brand).
    const e = error as {
      name?: unknown;
      kind?: unknown;
      message?: unknown;
      retryable?: unknown;
      code?: unknown;
      retryAfterMs?: unknown;
    };
    const message = error instanceof Error ? error.message : String(error);
    if ((error instanceof PluginError || e?.name === 'PluginError') && typeof e.kind === 'string') {
      return new PluginError(message, {
        kind: e.kind as PluginErrorKind,
        retryable: typeof e.retryable === 'boolean' ? e.retryable : undefined,
        code: typeof e.code === 'string' ? e.code : undefined,
        retryAfterMs: typeof e.retryAfterMs === 'number' ? e.retryAfterMs : undefined,
        cause: error,
        ...stamp,
      });
    }
    const kind: PluginErrorKind =
      error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
        ? 'timeout'
        : error instanceof TypeError && /fetch failed/i.test(message)
          ? 'network'
          : 'internal';
    return new PluginError(message, { kind, cause: error, ...stamp });
  }

  /** Full text for the server's logs: `[translator-deepl] timeout: …` (may quote the provider). */
  summary(): string {
    return `[${this.plugin ?? '?'}] ${this.kind}: ${this.message}`;
  }

  /**
   * What clients may be shown (health, "Send a test message", translation errors): a fixed reason
   * per kind and the HTTP status or provider code, never the message. The message can quote the
   * provider's response body, which, for a URL an admin typed, could be any server's page.
   */
  publicReason(): string {
    const reason = PUBLIC_REASONS[this.code === 'private_destination' ? 'private_destination' : this.kind];
    const code = this.code && /^\d{3,6}$/.test(this.code) ? ` (${this.code})` : '';
    return `[${this.plugin ?? '?'}] ${this.kind}: ${reason}${code}`;
  }
}

/** A response's `Retry-After` (seconds, or an HTTP date) in milliseconds, when it has one. */
export function retryAfterOf(res: Response): number | undefined {
  const value = res.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Helper for plugins: turn a provider's HTTP error response into a PluginError of the right kind. */
export async function providerError(res: Response, what: string): Promise<PluginError> {
  let detail = '';
  try {
    detail = (await res.text()).slice(0, 300);
  } catch {
    // body unreadable: the status says enough
  }
  const kind: PluginErrorKind =
    res.status === 401 || res.status === 403
      ? 'auth'
      : res.status === 400 || res.status === 404 || res.status === 413 || res.status === 422
        ? 'input'
        : 'provider';
  const retryAfterMs = retryAfterOf(res);
  return new PluginError(`${what} failed: HTTP ${res.status}${detail ? ` ${detail}` : ''}`, {
    kind,
    code: String(res.status),
    retryable: res.status === 429 || res.status >= 500,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}
