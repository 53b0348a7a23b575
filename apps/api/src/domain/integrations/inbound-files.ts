import { randomUUID } from 'node:crypto';
import type { Attachment } from '@parley/integrations';
import type { FileStore } from '../../lib/file-store';
import { stripBidiControls } from '../../lib/text';

/** A storage key the disk store accepts: account folder, random id, a tame file extension. */
function attachmentKey(accountId: string, fileName: string): string {
  const ext = /\.([a-z0-9]{1,10})$/i.exec(fileName)?.[1]?.toLowerCase();
  return `attachments/${accountId}/${randomUUID()}${ext ? `.${ext}` : ''}`;
}

/**
 * Writes inbound files to the file store before the transaction that records them (it must stay
 * short); callers remove them again when that transaction fails.
 */
export async function storeAttachments(files: FileStore, accountId: string, attachments: Attachment[]) {
  const out: { fileName: string; mimeType: string; size: number; storageKey: string }[] = [];
  for (const a of attachments) {
    const storageKey = attachmentKey(accountId, a.fileName);
    await files.put(storageKey, a.data);
    // A name like `invoice\u202Etxt.exe` would show as another extension: bidi controls never stored.
    out.push({
      fileName: stripBidiControls(a.fileName),
      mimeType: a.mimeType,
      size: a.data.length,
      storageKey,
    });
  }
  return out;
}
