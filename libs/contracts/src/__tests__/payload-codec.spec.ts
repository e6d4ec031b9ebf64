import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { COMPRESSED_PAYLOAD_ENCODING, CompressionCodec, decompressPayload, isCompressedPayload } from '../payload-codec';

const codec = new CompressionCodec();
const text = (u?: Uint8Array | null) => Buffer.from(u ?? new Uint8Array()).toString('utf8');

it('deflates a large JSON payload and gives back the same value', async () => {
  const graph = { nodes: Array.from({ length: 300 }, (_, i) => ({ id: `task_${i}`, type: 'serviceTask', next: `task_${i + 1}` })) };
  const payload = defaultPayloadConverter.toPayload(graph);
  const [encoded] = await codec.encode([payload]);
  expect(text(encoded.metadata?.encoding)).toBe(COMPRESSED_PAYLOAD_ENCODING);
  expect(encoded.data!.length).toBeLessThan(payload.data!.length / 4);
  const [decoded] = await codec.decode([encoded]);
  expect(text(decoded.metadata?.encoding)).toBe('json/plain');
  expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(graph);
});

it('leaves small payloads, payloads that do not shrink and binary nulls alone', async () => {
  const small = defaultPayloadConverter.toPayload({ approved: true });
  const random = defaultPayloadConverter.toPayload(new Uint8Array(randomBytes(4096)));
  const none = defaultPayloadConverter.toPayload(undefined);
  const encoded = await codec.encode([small, random, none]);
  expect(encoded[0]).toBe(small);
  expect(isCompressedPayload(encoded[1])).toBe(false);
  expect(encoded[2]).toBe(none);
});

it('decodes payloads written before the codec (no codec encoding) unchanged, so old histories replay', async () => {
  const old = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify({ graph: 'x'.repeat(5000) })) };
  const [decoded] = await codec.decode([old]);
  expect(decoded).toBe(old);
  expect(decompressPayload(old)).toBe(old);
});

it('reads payloads deflated by fflate (the codec of histories recorded before session 8) and fflate reads ours', async () => {
  const { deflateSync, inflateSync } = await import('fflate');
  const value = { graph: Array.from({ length: 200 }, (_, i) => ({ id: `n${i}`, name: 'Tiếp nhận hồ sơ' })) };
  const plain = defaultPayloadConverter.toPayload(value);
  const before = { metadata: { encoding: Buffer.from(COMPRESSED_PAYLOAD_ENCODING), 'tthc-original-encoding': plain.metadata!.encoding }, data: deflateSync(plain.data!, { level: 6 }) };
  expect(defaultPayloadConverter.fromPayload(decompressPayload(before))).toEqual(value);
  const [ours] = await codec.encode([plain]);
  expect(JSON.parse(Buffer.from(inflateSync(ours.data!)).toString('utf8'))).toEqual(value);
});
