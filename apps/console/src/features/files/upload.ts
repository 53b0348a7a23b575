/**
 * C11: a file goes to POST /uploads/file as the raw body. XMLHttpRequest rather than fetch, because
 * only XHR reports upload progress. The server decides the type by content; the answer is the stored
 * message (the live event brings it too).
 */
export class FileUploadError extends Error {
  constructor(
    readonly appCode: string | undefined,
    readonly status: number,
  ) {
    super(`file upload failed: ${appCode ?? status}`);
    this.name = 'FileUploadError';
  }
  // Lets describeError() read it like a tRPC error.
  get data() {
    return { appCode: this.appCode };
  }
}

export function uploadUrl(input: { conversationId: string; clientId: string; name: string }): string {
  const query = new URLSearchParams({
    conversationId: input.conversationId,
    clientId: input.clientId,
    name: input.name,
  });
  return `/uploads/file?${query}`;
}

/** The server's `{ error: { appCode } }`, or a code for answers without one (a proxy's 413 page). */
export function readUploadError(status: number, responseText: string): FileUploadError {
  let appCode: string | undefined;
  try {
    const body = JSON.parse(responseText) as { error?: { appCode?: unknown } };
    if (typeof body.error?.appCode === 'string') appCode = body.error.appCode;
  } catch {}
  if (!appCode && status === 413) appCode = 'file.too_large';
  return new FileUploadError(appCode, status);
}

export function sendFile<T>(
  file: Blob & { name?: string },
  input: { conversationId: string; clientId: string },
  onProgress: (fraction: number) => void,
): { done: Promise<T>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<T>((resolve, reject) => {
    xhr.open('POST', uploadUrl({ ...input, name: file.name || 'file' }));
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as T);
      else reject(readUploadError(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new FileUploadError('network', 0));
    xhr.onabort = () => reject(new FileUploadError('aborted', 0));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

/** "1.2 MB" in the reader's language. */
export function formatFileSize(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}
