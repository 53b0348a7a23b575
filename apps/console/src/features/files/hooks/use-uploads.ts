import { useCallback, useRef, useState } from 'react';
import { upsertMessage } from '../../../lib/chat-messages';
import type { TChatMessage } from '../../../lib/chat-types';
import { trpc } from '../../../lib/trpc';
import { sendFile } from '../upload';

export type TUpload = {
  id: string;
  name: string;
  progress: number;
  status: 'uploading' | 'failed';
  error?: unknown;
};

/** Files on their way into one conversation, with progress; a failed one stays until dismissed. */
export function useUploads(conversationId: string) {
  const utils = trpc.useUtils();
  const [uploads, setUploads] = useState<TUpload[]>([]);
  const aborts = useRef(new Map<string, () => void>());

  const patch = useCallback((id: string, change: Partial<TUpload>) => {
    setUploads((list) => list.map((item) => (item.id === id ? { ...item, ...change } : item)));
  }, []);

  const add = useCallback(
    (files: Iterable<File>) => {
      for (const file of files) {
        const id = crypto.randomUUID();
        setUploads((list) => [...list, { id, name: file.name || 'file', progress: 0, status: 'uploading' }]);
        const { done, abort } = sendFile<TChatMessage>(file, { conversationId, clientId: id }, (progress) =>
          patch(id, { progress }),
        );
        aborts.current.set(id, abort);
        done
          .then((message) => {
            // The live event brings the message as well; whichever comes first wins, once.
            utils.chats.get.setData({ conversationId }, (data) =>
              data ? { ...data, messages: upsertMessage(data.messages, message) } : data,
            );
            setUploads((list) => list.filter((item) => item.id !== id));
          })
          .catch((error: unknown) => patch(id, { status: 'failed', error }))
          .finally(() => aborts.current.delete(id));
      }
    },
    [conversationId, patch, utils],
  );

  const dismiss = useCallback((id: string) => {
    aborts.current.get(id)?.();
    setUploads((list) => list.filter((item) => item.id !== id));
  }, []);

  return { uploads, add, dismiss };
}
