import type { Contact, Identity, PageInfo } from './types';

/**
 * postMessage protocol between the loader (host page) and the frame. Every message carries
 * `parley: <type>`; each side also checks the other's origin and window before trusting it.
 */
export type HostToFrame =
  | { parley: 'init'; page: PageInfo; identity: Identity | null; open: boolean }
  | { parley: 'page'; page: PageInfo }
  | { parley: 'open'; focus: boolean }
  | { parley: 'close' }
  | { parley: 'contact'; contact: Contact }
  | { parley: 'identify'; identity: Identity };

export type FrameToHost =
  | { parley: 'hello' }
  | { parley: 'ready'; color: string; position: 'left' | 'right'; open: boolean }
  | { parley: 'open' }
  | { parley: 'close' }
  | { parley: 'unread'; count: number }
  | { parley: 'message'; body: string; author: 'visitor' | 'agent' | 'system' }
  | { parley: 'invite'; text: string }
  /** C6: scroll to and highlight `selector` on the host page; `label` is read out. */
  | { parley: 'point'; selector: string; label: string };

export type ParleyEvent = 'ready' | 'open' | 'close' | 'message' | 'unread';
