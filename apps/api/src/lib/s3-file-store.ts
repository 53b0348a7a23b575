import { createHash } from 'node:crypto';
import { AwsClient } from 'aws4fetch';
import type { FileStore } from './file-store';

export interface S3Options {
  /** e.g. `https://s3.eu-central-1.amazonaws.com`, `https://<account>.r2.cloudflarestorage.com`, MinIO's URL. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Injected by tests; the global fetch otherwise. */
  fetchImpl?: typeof fetch;
}

/**
 * Files in an S3-compatible bucket (AWS S3, MinIO, R2, Ceph...), for API processes that share no
 * disk. Path-style URLs (`<endpoint>/<bucket>/<key>`) work with every implementation; requests are
 * signed with AWS Signature V4 by aws4fetch (a few KB, no SDK).
 */
export function createS3FileStore(opts: S3Options): FileStore {
  const client = new AwsClient({
    accessKeyId: opts.accessKeyId,
    secretAccessKey: opts.secretAccessKey,
    region: opts.region,
    service: 's3',
    retries: 2,
  });
  const base = `${opts.endpoint.replace(/\/$/, '')}/${encodeURIComponent(opts.bucket)}`;
  const urlOf = (key: string) => `${base}/${key.split('/').map(encodeURIComponent).join('/')}`;
  const send = async (method: string, key: string, body?: Buffer) => {
    const request = await client.sign(urlOf(key), {
      method,
      // The payload hash is signed too, so S3 rejects a body changed in transit.
      headers: {
        'x-amz-content-sha256': createHash('sha256')
          .update(body ?? '')
          .digest('hex'),
        ...(body ? { 'content-type': 'application/octet-stream' } : {}),
      },
      ...(body ? { body: new Uint8Array(body) } : {}),
    });
    return (opts.fetchImpl ?? fetch)(request);
  };
  const fail = async (what: string, key: string, res: Response) => {
    const text = (await res.text().catch(() => '')).slice(0, 300);
    return new Error(`S3 ${what} ${key} failed: HTTP ${res.status} ${text}`);
  };
  return {
    async put(key, data) {
      const res = await send('PUT', key, data);
      if (!res.ok) throw await fail('PUT', key, res);
      await res.body?.cancel();
    },
    async get(key) {
      const res = await send('GET', key);
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok) throw await fail('GET', key, res);
      return Buffer.from(await res.arrayBuffer());
    },
    async remove(key) {
      const res = await send('DELETE', key);
      // S3 answers 204 for a missing key too; 404 from stricter clones means the same.
      if (!res.ok && res.status !== 404) throw await fail('DELETE', key, res);
      await res.body?.cancel();
    },
  };
}
