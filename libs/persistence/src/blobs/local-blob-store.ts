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
    if (!(data instanceof Readable)) return this.putBytes(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    const tmpDir = join(this.root, 'tmp');
    await fs.mkdir(tmpDir, { recursive: true });
    const tmp = this.tmpPath();
    const hash = createHash('sha256');
    let size = 0;
    const limit = this.maxBytes;
    const source = data;
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

  /**
   * Bytes already in memory (a generated notice, a signed PDF): hashed in place and written with one
   * call, directories made only when missing — 3 file-system calls for a new blob instead of 7 and a
   * stream (W2, session 9: the notice's blob write ran in every receive and refusal). Same atomicity:
   * a temp file renamed into place.
   */
  private async putBytes(bytes: Buffer): Promise<StoredBlob> {
    if (bytes.length > this.maxBytes) throw new BlobTooLargeError(this.maxBytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = `sha256/${sha256}`;
    const target = this.pathOf(sha256);
    if (await exists(target)) return { key, sha256, size: bytes.length, created: false };
    const tmp = this.tmpPath();
    try {
      await withDirectory(join(this.root, 'tmp'), () => fs.writeFile(tmp, bytes, { flag: 'wx', mode: 0o640 }));
      await withDirectory(join(target, '..'), () => fs.rename(tmp, target));
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
    return { key, sha256, size: bytes.length, created: true };
  }

  private tmpPath(): string {
    return join(this.root, 'tmp', `${Date.now()}-${randomBytes(8).toString('hex')}`);
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

/** Runs `op`; when it fails because `dir` does not exist yet, makes it and runs `op` once more. */
async function withDirectory<T>(dir: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await fs.mkdir(dir, { recursive: true });
    return op();
  }
}
