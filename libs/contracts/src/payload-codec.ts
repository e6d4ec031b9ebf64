/**
 * The Temporal payload codec of TTHC Flow: large payloads (the pinned graph in a run's input and
 * in continue-as-new, job and inbox inputs with many variables, state views) are deflated before
 * they reach the server, so histories are smaller and replay reads less.
 *
 * Every Temporal client and worker of the product uses `TTHC_DATA_CONVERTER` (the API's client,
 * the worker and its client, every replay worker, the test harness, the benchmarks): a payload
 * encoded here can only be read by a converter that has this codec.
 *
 * Replay-safe both ways: a payload without the `binary/tthc-deflate` encoding (every history
 * recorded before the codec, small payloads) passes through decode unchanged, and encode leaves
 * small payloads and payloads that would not shrink alone. The codec runs outside the workflow
 * sandbox (clients and workers encode/decode around it), so workflow code never sees it.
 *
 * Format: metadata `encoding` = `binary/tthc-deflate`, every original metadata entry kept under
 * `tthc-original-<key>`, data = raw DEFLATE (RFC 1951) of the original data — Node's zlib since
 * session 8 (native: the codec runs on the worker's and the API's main thread for every start and
 * activation), fflate before it; the format is the same, so payloads of either decode with both.
 */
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
// this file is deep-imported by clients and workers only, never by the workflow bundle (the bundler
// would refuse node:zlib): native DEFLATE is several times faster than a JS one on their main thread
// eslint-disable-next-line no-restricted-imports
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export const COMPRESSED_PAYLOAD_ENCODING = 'binary/tthc-deflate';
/** payloads smaller than this are left as they are (the metadata and the call cost more than they save) */
export const COMPRESS_PAYLOADS_FROM_BYTES = 1024;
const ORIGINAL_PREFIX = 'tthc-original-';
const utf8 = new TextEncoder();
const strToU8 = (s: string): Uint8Array => utf8.encode(s);
const strFromU8 = (u: Uint8Array): string => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('utf8');

export function isCompressedPayload(p: Payload): boolean {
  const encoding = p.metadata?.encoding;
  return !!encoding && strFromU8(encoding) === COMPRESSED_PAYLOAD_ENCODING;
}

export function compressPayload(p: Payload): Payload {
  const data = p.data;
  if (!data || data.length < COMPRESS_PAYLOADS_FROM_BYTES || isCompressedPayload(p)) return p;
  const deflated = deflateRawSync(data, { level: 6 });
  // keep what would not shrink by a tenth: decoding it would cost for nothing
  if (deflated.length > data.length * 0.9) return p;
  const metadata: Record<string, Uint8Array> = { encoding: strToU8(COMPRESSED_PAYLOAD_ENCODING) };
  for (const [key, value] of Object.entries(p.metadata ?? {})) if (value) metadata[ORIGINAL_PREFIX + key] = value;
  return { metadata, data: deflated };
}

/** the payload as it was before compressPayload; any other payload unchanged */
export function decompressPayload(p: Payload): Payload {
  if (!isCompressedPayload(p)) return p;
  const metadata: Record<string, Uint8Array> = {};
  for (const [key, value] of Object.entries(p.metadata ?? {})) if (key.startsWith(ORIGINAL_PREFIX) && value) metadata[key.slice(ORIGINAL_PREFIX.length)] = value;
  return { metadata, data: inflateRawSync(p.data ?? new Uint8Array()) };
}

export class CompressionCodec implements PayloadCodec {
  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map(compressPayload);
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map(decompressPayload);
  }
}

/** the data converter of every Temporal client and worker of the product */
export const TTHC_DATA_CONVERTER: DataConverter = { payloadCodecs: [new CompressionCodec()] };
