import type { Contact, Identity, PageCopy, PageInfo } from './types';

/**
 * postMessage protocol between the loader (host page) and the frame. Every message carries
 * `parley: <type>` and `n`, a nonce the loader draws per page load and gives the frame in its URL
 * fragment; each side also checks the other's origin and window before trusting a message.
 *
 * The visitor's state (token, outbox, last event id, open state…) lives in the host site's
 * localStorage, which the loader can use and a third-party iframe cannot: `init.store` is a
 * snapshot of the channel's keys, `store` writes one back, `stored` is another tab's change.
 */
export type HostToFrame =
  | {
      parley: 'init';
      page: PageInfo;
      identity: Identity | null;
      open: boolean;
      store: Record<string, string>;
    }
  | { parley: 'stored'; key: string; value: string | null }
  | { parley: 'page'; page: PageInfo }
  | { parley: 'open'; focus: boolean }
  | { parley: 'close' }
  | { parley: 'contact'; contact: Contact }
  | { parley: 'identify'; identity: Identity }
  /** C6: the page's sanitised copy asked for with `snap` (null: too large to send). */
  | { parley: 'snap'; id: string; copy: PageCopy | null };

export type FrameToHost =
  | { parley: 'hello' }
  | { parley: 'store'; key: string; value: string | null }
  | {
      parley: 'ready';
      color: string;
      /** The launcher icon's colour on `color` (white or black, whichever reads). */
      on: string;
      position: 'left' | 'right';
      open: boolean;
    }
  | { parley: 'open' }
  | { parley: 'close' }
  /** `label`: the launcher's name with the count, in the widget's language (plural rules, G5). */
  | { parley: 'unread'; count: number; label?: string }
  | { parley: 'message'; body: string; author: 'visitor' | 'agent' | 'system' }
  /** The bubble by the launcher: an invitation (F3) or an agent's message (F2); '' hides it. */
  | { parley: 'bubble'; text: string }
  /** C6: scroll to and highlight `selector` on the host page; `label` is read out. */
  | { parley: 'point'; selector: string; label: string }
  /** C6: an agent asks for a sanitised copy of the page; the loader answers with `snap`. */
  | { parley: 'snap'; id: string }
  /** G5: the widget's language: the loader's own words and its side (`rtl` mirrors the launcher). */
  | {
      parley: 'lang';
      lang: string;
      dir: 'ltr' | 'rtl';
      open: string;
      close: string;
      frame: string;
      dismiss: string;
    };

export type ParleyEvent = 'ready' | 'open' | 'close' | 'message' | 'unread';

/** What actually crosses postMessage: a message and the page load's nonce. */
export type Signed<T> = T & { n: string };

/** The storage keys of one channel's widget, in the host site's localStorage. */
export const storePrefix = (channelKey: string) => `parley:${channelKey}:`;
