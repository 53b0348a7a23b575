import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeS3 } from '../../test/fake-s3';
import { createS3FileStore } from './s3-file-store';

describe('S3 file store', () => {
  const fake = startFakeS3('AKIDTEST');
  let endpoint = '';
  beforeAll(async () => {
    endpoint = await fake.listen();
  });
  afterAll(() => fake.close());

  it('puts, gets and removes objects in the bucket, path-style', async () => {
    const store = createS3FileStore({
      endpoint,
      bucket: 'parley',
      region: 'us-east-1',
      accessKeyId: 'AKIDTEST',
      secretAccessKey: 'secret',
    });
    const data = Buffer.from([0, 1, 2, 250, 251]);
    await store.put('attachments/acc/one.bin', data);
    expect([...fake.objects.keys()]).toEqual(['/parley/attachments/acc/one.bin']);
    expect(await store.get('attachments/acc/one.bin')).toEqual(data);
    await store.remove('attachments/acc/one.bin');
    expect(await store.get('attachments/acc/one.bin')).toBeNull();
  });

  it('reports refused requests instead of pretending they worked', async () => {
    const store = createS3FileStore({
      endpoint,
      bucket: 'parley',
      region: 'us-east-1',
      accessKeyId: 'WRONG',
      secretAccessKey: 'secret',
    });
    await expect(store.put('a/b', Buffer.from('x'))).rejects.toThrow(/HTTP 403/);
  });
});
