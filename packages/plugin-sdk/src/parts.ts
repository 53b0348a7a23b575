import { PluginError } from './errors.js';
import type { Attachment, MissingPart } from './types.js';

/** One part of an inbound message to download: what it is (for the placeholder) and how to get it. */
export interface PartToFetch {
  /** "Photo", "Voice message", "Document"... as the agent should read it. */
  label: string;
  fileName?: string;
  fetch: () => Promise<Attachment>;
  /** The handle `fetchPart` takes to try again later; kept only when the failure may pass. */
  retry?: string;
}

/**
 * The reason of a failed download in the provider's words: the last clause of the error's message
 * ("Telegram getFile: Bad Request: file is too big" → "file is too big"), as the placeholder shows it.
 */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const last = message.split(': ').pop()?.trim();
  return (last || message || 'unknown error').slice(0, 300);
}

/**
 * Downloads the parts of an inbound message, one after the other. A part that fails (media gone, too
 * big, a bad URL) never blocks the message: it comes back in `missing` with the reason, and the message
 * is stored with a placeholder for it. Only the install being disposed stops the whole message.
 */
export async function fetchParts(
  parts: PartToFetch[],
  signal?: AbortSignal,
): Promise<{ attachments: Attachment[]; missing: MissingPart[] }> {
  const attachments: Attachment[] = [];
  const missing: MissingPart[] = [];
  for (const part of parts) {
    try {
      attachments.push(await part.fetch());
    } catch (error) {
      // Shutting down is not a property of the part: let the provider redeliver to the next process.
      if (signal?.aborted) throw error;
      // A refusal for good (gone, too big: an `input` error) is not worth another try.
      const passing = !(error instanceof PluginError) || error.retryable;
      missing.push({
        label: part.label,
        ...(part.fileName ? { fileName: part.fileName } : {}),
        reason: reasonOf(error),
        ...(part.retry && passing ? { retry: part.retry } : {}),
      });
    }
  }
  return { attachments, missing };
}

/** The placeholder line a missing part leaves in the message ("Photo could not be downloaded: …"). */
export function missingPartText(part: MissingPart): string {
  const what = part.fileName ? `${part.label} (${part.fileName})` : part.label;
  return `${what} could not be downloaded: ${part.reason}`;
}
