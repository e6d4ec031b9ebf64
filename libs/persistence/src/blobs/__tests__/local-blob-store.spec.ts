import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { BlobNotFoundError, BlobTooLargeError, LocalBlobStore } from '..';

describe('LocalBlobStore', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'tthc-blobs-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores bytes under their sha-256 and gives them back', async () => {
    const store = new LocalBlobStore(root);
    const data = Buffer.from('Tờ khai đăng ký cư trú');
    const put = await store.put(data);
    expect(put).toEqual({ key: `sha256/${createHash('sha256').update(data).digest('hex')}`, sha256: createHash('sha256').update(data).digest('hex'), size: data.length, created: true });
    expect((await store.get(put.key)).equals(data)).toBe(true);
    expect((await store.put(Buffer.from(data))).created).toBe(false);
    await store.delete(put.key);
    await expect(store.get(put.key)).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('streams a large upload and refuses one over the limit, leaving no file behind', async () => {
    const store = new LocalBlobStore(root, 100_000);
    const chunks = Array.from({ length: 20 }, (_, i) => Buffer.alloc(4096, i));
    const ok = await store.put(Readable.from(chunks));
    expect(ok.size).toBe(20 * 4096);
    await expect(store.put(Readable.from([...chunks, ...chunks]))).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
    const stored = readdirSync(join(root, 'sha256'), { recursive: true }).filter((f) => String(f).length === 64 + 6);
    expect(stored).toHaveLength(1);
  });

  it('stores bytes from memory into a fresh directory and after its directories were removed, and refuses bytes over the limit', async () => {
    const store = new LocalBlobStore(join(root, 'fresh'), 1000);
    const a = await store.put(Buffer.from('Giấy tiếp nhận hồ sơ'));
    expect(a.created).toBe(true);
    rmSync(join(root, 'fresh', 'tmp'), { recursive: true });
    rmSync(join(root, 'fresh', 'sha256'), { recursive: true });
    const b = await store.put(new Uint8Array(Buffer.from('Phiếu từ chối')));
    expect(b.created).toBe(true);
    expect((await store.get(b.key)).toString()).toBe('Phiếu từ chối');
    await expect(store.get(a.key)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.put(Buffer.alloc(1001))).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(readdirSync(join(root, 'fresh', 'tmp'))).toEqual([]);
  });

  it('rejects keys that are not its own (no path traversal)', async () => {
    const store = new LocalBlobStore(root);
    await expect(store.get('../../etc/passwd')).rejects.toBeInstanceOf(BlobNotFoundError);
  });
});
