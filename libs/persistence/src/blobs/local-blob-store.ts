import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobNotFoundError, BlobTooLargeError, type BlobStore, type StoredBlob } from './blob-store';

const KEY = /^sha256\/([0-9a-f]{64})$/;

/**
 * Content-addressed blobs in a local directory: `<root>/sha256/ab/cd/<hex>`. Bytes are
 * streamed to a temp file in `<root>/tmp` while hashed and counted, then renamed into
 * place (atomic on one filesystem), so a reader never sees a partial file and an
 * oversized or failed upload leaves nothing behind.
 */
export class LocalBlobStore implements BlobStore {
  constructor(
    private readonly root: string,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {}

  async put(data: Buffer | Uint8Array | Readable): Promise<StoredBlob> {
    const tmpDir = join(this.root, 'tmp');
    await fs.mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const limit = this.maxBytes;
    const source = data instanceof Readable ? data : Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
    try {
      await pipeline(
        source,
        async function* count(chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            if (size > limit) throw new BlobTooLargeError(limit);
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(tmp, { flags: 'wx', mode: 0o640 }),
      );
      const sha256 = hash.digest('hex');
      const key = `sha256/${sha256}`;
      const target = this.pathOf(sha256);
      const existed = await exists(target);
      if (existed) {
        await fs.rm(tmp, { force: true });
      } else {
        await fs.mkdir(join(target, '..'), { recursive: true });
        await fs.rename(tmp, target);
      }
      return { key, sha256, size, created: !existed };
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Buffer> {
    const m = KEY.exec(key);
    if (!m) throw new BlobNotFoundError(key);
    try {
      return await fs.readFile(this.pathOf(m[1]));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(key);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const m = KEY.exec(key);
    if (!m) return;
    await fs.rm(this.pathOf(m[1]), { force: true });
  }

  private pathOf(hex: string): string {
    return join(this.root, 'sha256', hex.slice(0, 2), hex.slice(2, 4), hex);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.access(path);
    return true;
  } catch {
    return false;
  }
}
